namespace NetDsl.Generators;

/// <summary>Names of the pipeline steps, for incremental-caching tests (WithTrackingName).</summary>
internal static class TrackingNames
{
    /// <summary>Path, text and namespace of each .netdsl file.</summary>
    public const string Input = "NetDsl.Input";

    /// <summary>Parse, check and lower: the analysis result (model and diagnostics).</summary>
    public const string Analyze = "NetDsl.Analyze";

    /// <summary>The location-free model only: unchanged when an edit only moves text.</summary>
    public const string Model = "NetDsl.Model";

    /// <summary>The diagnostics of each file.</summary>
    public const string Diagnostics = "NetDsl.Diagnostics";

    /// <summary>Network names claimed by more than one file.</summary>
    public const string Collisions = "NetDsl.Collisions";

    /// <summary>The generated source text of each file.</summary>
    public const string Emit = "NetDsl.Emit";
}
