#!/usr/bin/env bash
# Packs the NetDsl package into a local folder, then builds and runs a copy of the tutorial against the
# package alone (no project references), and checks that a model with a typo fails the build with its
# NDSL diagnostic. Usage: generators/NetDsl.Package/pack-check.sh [work-folder]
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$(mktemp -d)}"
feed="$work/feed"
example="$work/example"
rm -rf "$feed" "$example" "$work/packages"
mkdir -p "$feed" "$example"

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -n1)"
dotnet restore "$root/src/NetDsl/NetDsl.csproj" --nologo
dotnet pack "$root/generators/NetDsl.Package/NetDsl.Package.csproj" -c Release -o "$feed" -p:Version="$version" --nologo
package="$feed/NetDsl.$version.nupkg"

echo "== package content"
listing="$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$package")"
for expected in lib/net10.0/NetDsl.dll analyzers/dotnet/cs/NetDsl.Generators.dll analyzers/dotnet/cs/Sprache.dll \
                build/NetDsl.props build/NetDsl.targets buildTransitive/NetDsl.props buildTransitive/NetDsl.targets; do
  if ! grep -qx "$expected" <<<"$listing"; then echo "missing in package: $expected"; exit 1; fi
  echo "  $expected"
done

echo "== example built from the package"
# Empty Directory.Build files keep the repository's settings (and its project references) out of the copy.
echo '<Project />' > "$example/Directory.Build.props"
echo '<Project />' > "$example/Directory.Build.targets"
cp "$root"/examples/Tutorial/*.netdsl "$example/"
cat > "$example/PackageCheck.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <RootNamespace>PackageCheck</RootNamespace>
    <RestoreSources>$feed</RestoreSources>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="NetDsl" Version="$version" />
  </ItemGroup>
</Project>
XML
cat > "$example/Program.cs" <<'CS'
using PackageCheck;

var model = new IzhikevichInhibitory();
model.Parameters.Set("sim.duration", 200);
var result = model.Run();
System.Console.WriteLine($"IZH_exc {result.Populations.IZH_exc.SpikeTimes.Length} spikes, IZH_inh {result.Populations.IZH_inh.SpikeTimes.Length} spikes");
if (result.SpikeTimes.Length == 0) return 1;
return 0;
CS
dotnet run --project "$example/PackageCheck.csproj" -c Release --nologo

echo "== a typo is a build error from the package"
sed 's/ vr=-60mV/ vn=-60mV/' "$root/examples/Tutorial/izhikevich_network.netdsl" > "$example/izhikevich_network.netdsl"
if output="$(dotnet build "$example/PackageCheck.csproj" -c Release --nologo 2>&1)"; then
  echo "expected the build to fail on 'vn'"; exit 1
fi
grep -q "izhikevich_network.netdsl(7,.*error NDSL0107: 'vn' is not a parameter of Izhi2007b. Did you mean 'vr'?" <<<"$output" \
  || { echo "$output"; echo "NDSL0107 not reported as expected"; exit 1; }
echo "  NDSL0107 reported at izhikevich_network.netdsl(7,...)"
echo "== the netdsl command as a .NET tool from its package"
dotnet pack "$root/src/NetDsl.Cli/NetDsl.Cli.csproj" -c Release -o "$feed" -p:Version="$version" --nologo > /dev/null
rm -rf "$work/tools" "$work/tool-run" "$work/tool-packages"
# Its own packages folder: the user-wide one may hold an older package of the same version.
NUGET_PACKAGES="$work/tool-packages" dotnet tool install NetDsl.Cli --tool-path "$work/tools" --add-source "$feed" --version "$version" > /dev/null
"$work/tools/netdsl" --version | grep -qx "netdsl $version" || { echo "the installed tool does not say its version"; exit 1; }
"$work/tools/netdsl" run "$root/examples/Tutorial/izhikevich_network.netdsl" --quiet --out "$work/tool-run" > /dev/null
spikes=$(($(wc -l < "$work/tool-run/IzhikevichNetwork_spikes.csv") - 1))
# NetPyNE's spike count for the tutorial network (tests/reference/B_network).
[ "$spikes" = 1545 ] || { echo "the installed tool gave $spikes spikes for the tutorial network, not 1545"; exit 1; }
echo "  dotnet tool install NetDsl.Cli: netdsl $version runs the tutorial network to its 1545 spikes"
echo "== package check passed ($package)"
