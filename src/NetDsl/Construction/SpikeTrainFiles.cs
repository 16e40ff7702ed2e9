using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NetDsl.Definition;
using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// The spike trains of VecStim sources, one per target cell: inline (<see cref="VecStimSource.Trains"/>), read from a
/// CSV or .npy file (<see cref="SpikeTrainFile"/>, layouts documented there), or drawn as NetPyNE draws a VecStim
/// population's rate pattern and pulses (cell/pointCell.py). Every problem is a <see cref="NetDslModelException"/>
/// naming the file, the line and the fix, raised while the network is built.
/// </summary>
internal static class SpikeTrainFiles
{
    /// <summary>A file read once per build, assigned to any number of target sets.</summary>
    internal sealed class Table
    {
        public required string Path { get; init; }
        public required Layout Kind { get; init; }
        /// <summary><see cref="Layout.PerCell"/>: one train per row; <see cref="Layout.Shared"/>: the one train at [0].</summary>
        public double[][] Rows { get; init; } = [];
        /// <summary><see cref="Layout.ByIndex"/> / <see cref="Layout.ByGid"/>: per spike, its key, time and line (or row).</summary>
        public int[] Keys { get; init; } = [];
        public double[] Times { get; init; } = [];
        public int[] Lines { get; init; } = [];
        /// <summary>Per row of <see cref="Rows"/>: its line in the file.</summary>
        public int[] RowLines { get; init; } = [];
        /// <summary>"line" for CSV, "row" for .npy (what <see cref="Lines"/> count).</summary>
        public string LineWord { get; init; } = "line";
    }

    internal enum Layout { PerCell, ByIndex, ByGid, Shared }

    /// <summary>Files already read in this build, by path.</summary>
    internal sealed class Cache
    {
        private readonly Dictionary<string, Table> _tables = new(StringComparer.Ordinal);

        public Table Get(SpikeTrainFile file, string context) =>
            _tables.TryGetValue(file.Path, out var table) ? table : _tables[file.Path] = Read(file.Path, context);
    }

    /// <summary>
    /// The train of each of <paramref name="gids"/> (a target set in order) from <paramref name="source"/>:
    /// its file, its inline trains, or its shared times; each sorted. <paramref name="set"/> describes the target set
    /// in messages.
    /// </summary>
    public static double[][] ForTargets(VecStimSource source, int[] gids, string context, string set, Cache cache)
    {
        var trains = new double[gids.Length][];
        if (source.File is { } file)
        {
            Assign(cache.Get(file, context), gids, context, set, trains);
        }
        else if (source.Trains is { } inline)
        {
            if (inline.Count != gids.Length)
                throw Invalid("trains", $"{context}: {inline.Count} spike trains for the {gids.Length} cells of {set}; give one train per cell, in the order of the cells.");
            for (int i = 0; i < gids.Length; i++)
            {
                var train = inline[i]?.ToArray() ?? [];
                foreach (double t in train)
                {
                    if (!(t >= 0) || !double.IsFinite(t))
                        throw Invalid("trains", $"{context}: train {i} (gid {gids[i]}) has the spike time {Num(t)} ms; spike times must be finite and >= 0 ms.");
                }
                Array.Sort(train);
                trains[i] = train;
            }
        }
        else
        {
            var shared = source.Times.ToArray();
            Array.Sort(shared);
            for (int i = 0; i < gids.Length; i++) trains[i] = shared;
        }
        return trains;
    }

    /// <summary>
    /// The train of every cell of a VecStim population as NetPyNE's PointCell makes it: the given trains or its rate
    /// pattern, then its pulses; times below 0 become 0, sorted, those after <paramref name="duration"/> dropped.
    /// </summary>
    public static double[][] ForPopulation(VecStimSource source, int firstGid, int count, string context, string set, int stimSeed, double duration, Cache cache)
    {
        var gids = new int[count];
        for (int i = 0; i < count; i++) gids[i] = firstGid + i;
        double[][] trains;
        bool pattern = source.Rate is not null || source.Interval is not null;
        if (pattern)
        {
            double interval = source.Rate is { } rate ? 1000.0 / rate : source.Interval!.Value;
            CheckPattern(interval, source.Noise, source.Rate is not null, context, "the VecStim pattern");
            trains = new double[count][];
            uint seed = (uint)(source.Seed ?? stimSeed);
            for (int i = 0; i < count; i++)
            {
                var stream = new Random123Stream(VecStimPattern, (uint)gids[i], seed);
                var times = new List<double>();
                Regular(source.Start, duration, interval, source.Noise, ref stream, times, clampFrom: null, context);
                trains[i] = [.. times];
            }
        }
        else
        {
            trains = ForTargets(source, gids, context, set, cache);
        }
        for (int i = 0; i < count; i++)
        {
            var times = new List<double>(trains[i]);
            for (int p = 0; p < source.Pulses.Count; p++)
            {
                var pulse = source.Pulses[p];
                double interval = pulse.Interval ?? (pulse.Rate is { } rate ? 1000.0 / rate : double.NaN);
                string what = $"pulse {p}";
                if (pulse.Interval is null && pulse.Rate is null) throw Invalid("pulses", $"{context}: {what} needs a rate (Hz) or an interval (ms).");
                CheckPattern(interval, pulse.Noise, pulse.Interval is null, context, what);
                if (!double.IsFinite(pulse.Start) || !double.IsFinite(pulse.End))
                    throw Invalid("pulses", $"{context}: {what} needs a finite start and end (ms).");
                var stream = new Random123Stream((uint)p, (uint)gids[i], (uint)(source.Seed ?? stimSeed));
                var pulseTimes = new List<double>();
                Regular(pulse.Start, pulse.End - pulse.Start, interval, pulse.Noise, ref stream, pulseTimes, clampFrom: pulse.Start, context);
                foreach (double t in pulseTimes)
                {
                    if (t <= pulse.End) times.Add(t);
                }
            }
            for (int j = 0; j < times.Count; j++)
            {
                if (times[j] < 0) times[j] = 0;
            }
            times.Sort();
            int kept = times.Count;
            while (kept > 0 && times[kept - 1] > duration) kept--;
            trains[i] = times.GetRange(0, kept).ToArray();
        }
        return trains;
    }

    private static readonly uint VecStimPattern = NetPyneHash.HashString("vecstim_spkt");

    /// <summary>NetPyNE's limit on the spikes of one drawn VecStim train.</summary>
    private const int MaxPatternSpikes = 10000;

    private static void CheckPattern(double interval, double noise, bool fromRate, string context, string what)
    {
        if (!(interval > 0) || !double.IsFinite(interval))
            throw Invalid(fromRate ? "rate" : "interval", $"{context}: {what} needs {(fromRate ? "a rate > 0 Hz" : "an interval > 0 ms")} (got an interval of {Num(interval)} ms).");
        if (!(noise >= 0 && noise <= 1)) throw Invalid("noise", $"{context}: {what}: noise {Num(noise)} is outside [0, 1].");
    }

    /// <summary>
    /// int((1 + 1.5·noise)·span / interval) spikes, each interval (1 - noise)·interval plus a negexp of mean
    /// noise·interval (the first draw of the stream discarded, as NEURON's <c>Random.negexp</c> call draws one), summed
    /// in order and shifted so that the first falls on average at <paramref name="start"/> + noise·interval.
    /// </summary>
    private static void Regular(double start, double span, double interval, double noise, ref Random123Stream stream, List<double> times,
        double? clampFrom, string context)
    {
        // Python's int(): truncation toward zero.
        double count = Math.Truncate((1 + 1.5 * noise) * span / interval);
        if (!(count >= 0)) return;
        double fixedInterval = (1.0 - noise) * interval;
        if (noise == 0)
        {
            double offset = start - interval;
            double sum = 0;
            for (long j = 0; j < count; j++)
            {
                sum += fixedInterval;
                double t = sum + offset;
                times.Add(clampFrom is { } low && t < low ? low : t);
            }
            return;
        }
        if (count >= MaxPatternSpikes && clampFrom is null)
            throw Invalid("rate", $"{context}: the VecStim pattern needs {count} spikes per cell; NetPyNE draws at most {MaxPatternSpikes}. Lower the rate or the duration, or use a NetStim population.");
        double mean = noise * interval;
        stream.NegExp(mean);
        double shift = start - interval * (1 - noise);
        double acc = 0;
        for (long j = 0; j < count; j++)
        {
            acc += fixedInterval + stream.NegExp(mean);
            double t = acc + shift;
            times.Add(clampFrom is { } low && t < low ? low : t);
        }
    }

    private static void Assign(Table table, int[] gids, string context, string set, double[][] trains)
    {
        string where = $"{context}: {table.Path}";
        switch (table.Kind)
        {
            case Layout.Shared:
                for (int i = 0; i < gids.Length; i++) trains[i] = table.Rows[0];
                return;
            case Layout.PerCell:
                if (table.Rows.Length > gids.Length)
                    throw Invalid("file", $"{where} {table.LineWord} {table.RowLines[gids.Length]}: a train for cell {gids.Length}, but {set} has {gids.Length} cells. Write one line per cell, in the order of the cells.");
                if (table.Rows.Length < gids.Length)
                    throw Invalid("file", $"{where} has {table.Rows.Length} lines of spike times for the {gids.Length} cells of {set}. Write one line per cell, in the order of the cells (an empty line for a cell without spikes).");
                for (int i = 0; i < gids.Length; i++) trains[i] = table.Rows[i];
                return;
        }
        var counts = new int[gids.Length + 1];
        var position = new int[table.Keys.Length];
        Dictionary<int, int>? byGid = null;
        if (table.Kind == Layout.ByGid)
        {
            byGid = new Dictionary<int, int>(gids.Length);
            for (int i = 0; i < gids.Length; i++) byGid[gids[i]] = i;
        }
        for (int e = 0; e < table.Keys.Length; e++)
        {
            int key = table.Keys[e];
            int at;
            if (byGid is null)
            {
                if (key >= gids.Length)
                    throw Invalid("file", $"{where} {table.LineWord} {table.Lines[e]}: there is no cell with index {key}: {set} has {gids.Length} cells (indices 0 to {gids.Length - 1}). Remove the spikes of that cell or target more cells.");
                at = key;
            }
            else if (!byGid.TryGetValue(key, out at))
            {
                throw Invalid("file", $"{where} {table.LineWord} {table.Lines[e]}: gid {key} is not one of the {gids.Length} cells of {set}{GidRange(gids)}. Remove the spikes of that cell or target it.");
            }
            position[e] = at;
            counts[at + 1]++;
        }
        for (int i = 0; i < gids.Length; i++)
        {
            trains[i] = new double[counts[i + 1]];
            counts[i + 1] += counts[i];
        }
        var fill = new int[gids.Length];
        for (int e = 0; e < position.Length; e++) trains[position[e]][fill[position[e]]++] = table.Times[e];
        foreach (var train in trains) Array.Sort(train);
    }

    private static string GidRange(int[] gids)
    {
        if (gids.Length == 0) return "";
        bool contiguous = gids[^1] - gids[0] == gids.Length - 1;
        return contiguous ? $" (gids {gids[0]} to {gids[^1]})" : "";
    }

    /// <summary>Reads a spike train file (its layout from its extension and first line).</summary>
    public static Table Read(string path, string context)
    {
        if (string.IsNullOrWhiteSpace(path)) throw Invalid("file", $"{context}: the spike train file has no path. Give the path of a .csv or .npy file.");
        string full = System.IO.Path.GetFullPath(path);
        if (!System.IO.File.Exists(full))
            throw Invalid("file", $"{context}: spike train file '{path}' does not exist (looked for {full}). Give the path of a .csv or .npy file, absolute or relative to the working directory.");
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid("file", $"{context}: spike train file '{path}' cannot be read: {e.Message}");
        }
        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path, bytes, context) : ReadCsv(path, bytes, context);
    }

    private static Table ReadCsv(string path, byte[] bytes, string context)
    {
        string text = Encoding.UTF8.GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        string where = $"{context}: {path}";
        // Lines: a final newline ends the last line rather than starting an empty one.
        var lines = new List<(int Start, int Length, int Number)>();
        int pos = 0, number = 0;
        while (pos < text.Length)
        {
            int end = text.IndexOf('\n', pos);
            if (end < 0) end = text.Length;
            number++;
            int length = end - pos;
            if (length > 0 && text[pos + length - 1] == '\r') length--;
            lines.Add((pos, length, number));
            pos = end + 1;
        }
        int first = 0;
        while (first < lines.Count && IsSkipped(Line(text, lines[first]), blankToo: true)) first++;
        Layout kind = Layout.PerCell;
        if (first < lines.Count)
        {
            var header = Line(text, lines[first]);
            int comma = header.IndexOf(',');
            var firstField = (comma < 0 ? header : header[..comma]).Trim();
            if (firstField.Length > 0 && !double.TryParse(firstField, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                string name = header.ToString().Replace(" ", "").Replace("\t", "").ToLowerInvariant();
                kind = name switch
                {
                    "index,time" => Layout.ByIndex,
                    "gid,time" => Layout.ByGid,
                    _ => throw Invalid("file", $"{where} line {lines[first].Number}: the header '{header.ToString()}' is neither 'index,time' nor 'gid,time'. Name the columns 'index,time' (cells by their position in the target set) or 'gid,time' (cells by gid), or leave the header out and write one line of spike times per cell."),
                };
                first++;
            }
        }
        if (kind == Layout.PerCell)
        {
            var rows = new List<double[]>();
            var rowLines = new List<int>();
            var values = new List<double>();
            for (int l = 0; l < lines.Count; l++)
            {
                var line = Line(text, lines[l]);
                if (IsSkipped(line, blankToo: false)) continue;
                values.Clear();
                if (!line.Trim().IsEmpty)
                {
                    foreach (var range in line.Split(','))
                    {
                        var field = line[range].Trim();
                        values.Add(ParseTime(field, where, lines[l].Number, "line",
                            "Write one line per cell with its spike times in ms separated by commas (an empty line for a cell without spikes)."));
                    }
                }
                var train = values.ToArray();
                Array.Sort(train);
                rows.Add(train);
                rowLines.Add(lines[l].Number);
            }
            return new Table { Path = path, Kind = Layout.PerCell, Rows = [.. rows], RowLines = [.. rowLines] };
        }
        string columns = kind == Layout.ByIndex ? "index,time" : "gid,time";
        string keyName = kind == Layout.ByIndex ? "cell index" : "gid";
        string fix = $"Write one spike per line as '{columns}' (time in ms) after the header.";
        var keys = new List<int>(lines.Count);
        var times = new List<double>(lines.Count);
        var numbers = new List<int>(lines.Count);
        for (int l = first; l < lines.Count; l++)
        {
            var line = Line(text, lines[l]);
            if (IsSkipped(line, blankToo: true)) continue;
            int n = lines[l].Number;
            int comma = line.IndexOf(',');
            if (comma < 0 || line[(comma + 1)..].Contains(','))
                throw Invalid("file", $"{where} line {n}: '{line.ToString()}' does not have 2 values ({columns}). {fix}");
            var keyField = line[..comma].Trim();
            if (!int.TryParse(keyField, NumberStyles.Integer, CultureInfo.InvariantCulture, out int key) || key < 0)
                throw Invalid("file", $"{where} line {n}: the {keyName} '{keyField.ToString()}' is not a whole number >= 0. {fix}");
            keys.Add(key);
            times.Add(ParseTime(line[(comma + 1)..].Trim(), where, n, "line", fix));
            numbers.Add(n);
        }
        return new Table { Path = path, Kind = kind, Keys = [.. keys], Times = [.. times], Lines = [.. numbers] };
    }

    private static ReadOnlySpan<char> Line(string text, (int Start, int Length, int Number) line) => text.AsSpan(line.Start, line.Length);

    private static bool IsSkipped(ReadOnlySpan<char> line, bool blankToo)
    {
        var trimmed = line.Trim();
        return trimmed.StartsWith("#") || (blankToo && trimmed.IsEmpty);
    }

    private static double ParseTime(ReadOnlySpan<char> field, string where, int line, string lineWord, string fix)
    {
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double t))
            throw Invalid("file", $"{where} {lineWord} {line}: '{field.ToString()}' is not a number. {fix}");
        CheckTime(t, where, line, lineWord);
        return t;
    }

    private static void CheckTime(double t, string where, int line, string lineWord)
    {
        if (double.IsNaN(t)) throw Invalid("file", $"{where} {lineWord} {line}: the spike time is NaN; spike times must be finite and >= 0 ms.");
        if (!(t >= 0) || !double.IsFinite(t)) throw Invalid("file", $"{where} {lineWord} {line}: the spike time {Num(t)} ms is not allowed; spike times must be finite and >= 0 ms.");
    }

    /// <summary>NumPy's .npy format (versions 1 to 3): a float64 array of shape (n, 2) or (n,).</summary>
    private static Table ReadNpy(string path, byte[] bytes, string context)
    {
        string where = $"{context}: {path}";
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(magic))
            throw Invalid("file", $"{where} is not a NumPy .npy file (it does not start with the .npy magic string). Save the array with numpy.save.");
        int major = bytes[6];
        int headerLength, headerStart;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
            headerStart = 10;
        }
        else if (major is 2 or 3 && bytes.Length >= 12)
        {
            headerLength = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8, 4)));
            headerStart = 12;
        }
        else
        {
            throw Invalid("file", $"{where} is a .npy file of version {major}, which is not supported. Save the array with numpy.save.");
        }
        if (headerStart + (long)headerLength > bytes.Length)
            throw Invalid("file", $"{where} is shorter than its .npy header says. Save the array again with numpy.save.");
        string header = Encoding.Latin1.GetString(bytes, headerStart, headerLength);
        string descr = HeaderValue(header, "descr", where).Trim('\'', '"', ' ');
        if (descr is not ("<f8" or "f8" or "float64"))
            throw Invalid("file", $"{where} holds values of type '{descr}'; save a float64 array (numpy.save(path, array.astype(numpy.float64))).");
        bool fortran = HeaderValue(header, "fortran_order", where).Trim() == "True";
        string shapeText = HeaderValue(header, "shape", where).Trim().TrimStart('(').TrimEnd(')');
        var dims = new List<long>();
        foreach (var part in shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out long dim))
                throw Invalid("file", $"{where} has an unreadable shape '({shapeText})' in its header. Save the array again with numpy.save.");
            dims.Add(dim);
        }
        string shapeShown = "(" + string.Join(", ", dims) + (dims.Count == 1 ? ",)" : ")");
        if (!(dims.Count == 1 || (dims.Count == 2 && dims[1] == 2)))
            throw Invalid("file", $"{where} has shape {shapeShown}; save an (n, 2) array of (cell index, time) rows, or a 1-D array of times every target cell gets.");
        long values = dims.Count == 1 ? dims[0] : dims[0] * 2;
        int dataStart = headerStart + headerLength;
        if (dataStart + values * 8 > bytes.Length)
            throw Invalid("file", $"{where} holds fewer values than its shape {shapeShown} says. Save the array again with numpy.save.");
        double Value(long index) => BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(dataStart + (int)(index * 8), 8));
        if (dims.Count == 1)
        {
            var train = new double[dims[0]];
            for (int i = 0; i < train.Length; i++)
            {
                train[i] = Value(i);
                CheckTime(train[i], where, i, "element");
            }
            Array.Sort(train);
            return new Table { Path = path, Kind = Layout.Shared, Rows = [train], LineWord = "element" };
        }
        int rows = (int)dims[0];
        var keys = new int[rows];
        var times = new double[rows];
        var numbers = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            double key = fortran ? Value(r) : Value(2L * r);
            double t = fortran ? Value(rows + (long)r) : Value(2L * r + 1);
            if (!(key >= 0) || key != Math.Floor(key) || key > int.MaxValue)
                throw Invalid("file", $"{where} row {r}: the cell index {Num(key)} is not a whole number >= 0. Save rows of (cell index, time).");
            CheckTime(t, where, r, "row");
            keys[r] = (int)key;
            times[r] = t;
            numbers[r] = r;
        }
        return new Table { Path = path, Kind = Layout.ByIndex, Keys = keys, Times = times, Lines = numbers, LineWord = "row" };
    }

    /// <summary>The text of one key's value in a .npy header dictionary (a Python literal).</summary>
    private static string HeaderValue(string header, string key, string where)
    {
        int at = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (at < 0) throw Invalid("file", $"{where} has no '{key}' in its .npy header. Save the array again with numpy.save.");
        int colon = header.IndexOf(':', at);
        int start = colon + 1;
        int depth = 0, end = start;
        for (; end < header.Length; end++)
        {
            char c = header[end];
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if ((c == ',' && depth == 0) || c == '}') break;
        }
        return header[start..end].Trim();
    }

    private static NetDslModelException Invalid(string parameter, string message) => new(parameter, message);

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
