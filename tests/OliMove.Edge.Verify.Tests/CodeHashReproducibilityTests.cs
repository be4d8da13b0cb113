using System.Diagnostics;
using System.Security.Cryptography;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Testing;

namespace OliMove.Edge.VerifyTests;

/// <summary>
/// The registry's code hash is reproducible by a third party: the allocator's source, copied to another folder
/// (another checkout path) and built there into another output folder, gives the very bytes this process runs.
/// That the documented Release build equals the published bundle's DLL is checked by tools/check-allocator-hash
/// (a step of tools/test and of tools/publish: two Release builds take longer than a CI test may).
/// </summary>
public sealed class CodeHashReproducibilityTests
{
    [Fact]
    public async Task A_rebuild_of_the_allocator_source_elsewhere_gives_the_code_hash_this_build_publishes()
    {
        var root = EdgeTestHost.RepoRoot();
        var checkout = Path.Combine(Path.GetTempPath(), "olimove-rebuild-" + Guid.NewGuid().ToString("N"), "elsewhere");
        try
        {
            // What a third party needs (docs/verification.md): the SDK pin, the two build property files and the project.
            Directory.CreateDirectory(Path.Combine(checkout, "src"));
            foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
            {
                File.Copy(Path.Combine(root, file), Path.Combine(checkout, file));
            }

            // The whole project folder with its subfolders (Baselines/), as a checkout has it; no build output.
            var source = Path.Combine(root, "src", "OliMove.Scheduling");
            var project = Path.Combine(checkout, "src", "OliMove.Scheduling");
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".cs") || f.EndsWith(".csproj"))
                .Where(f => !Path.GetRelativePath(source, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")))
            {
                var target = Path.Combine(project, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var output = Path.Combine(checkout, "..", "out");
            var build = await RunAsync("dotnet", checkout, "build", project, "-c", AlgorithmIdentity.BuildConfiguration, "-o", output, "--nologo", "-v", "q");

            build.ExitCode.Should().Be(0, build.Output);
            var rebuilt = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(output, "OliMove.Scheduling.dll"))));
            rebuilt.Should().Be(AlgorithmIdentity.CodeHash());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(checkout)!, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test host's own MSBuild settings must not leak into the rebuild.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
