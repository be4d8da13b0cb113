using System.Diagnostics;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Tests;

public sealed class ContractArtifactTests
{
    [Fact]
    public async Task Recompiling_the_sources_with_the_pinned_compiler_reproduces_the_committed_artifacts_byte_for_byte()
    {
        var root = AnvilNode.FindRepoRoot();
        var output = Path.Combine(Path.GetTempPath(), "olimove-artifacts-" + Guid.NewGuid().ToString("N"));
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(root, "tools", "chain", "compile.js"), "--out", output })
            {
                start.ArgumentList.Add(arg);
            }

            using var compile = Process.Start(start)!;
            var stderr = compile.StandardError.ReadToEndAsync();
            await compile.StandardOutput.ReadToEndAsync();
            await compile.WaitForExitAsync();
            compile.ExitCode.Should().Be(0, await stderr);

            var committed = Directory.GetFiles(Path.Combine(root, "contracts", "artifacts"), "*.json").Select(Path.GetFileName).Order().ToList();
            Directory.GetFiles(output, "*.json").Select(Path.GetFileName).Order().Should().Equal(committed);
            foreach (var name in committed)
            {
                var fresh = await File.ReadAllBytesAsync(Path.Combine(output, name!));
                var stored = await File.ReadAllBytesAsync(Path.Combine(root, "contracts", "artifacts", name!));
                fresh.Should().Equal(stored, $"{name} must be what the pinned solc makes of contracts/src");
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_committed_standard_json_input_compiles_to_the_committed_bytecode_for_source_verification()
    {
        var root = AnvilNode.FindRepoRoot();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(root, "tools", "chain"),
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add("""
            const solc = require('solc');
            const input = require(process.argv[1]);
            const out = JSON.parse(solc.compile(JSON.stringify(input)));
            const c = out.contracts;
            process.stdout.write(JSON.stringify(Object.fromEntries(Object.keys(c).flatMap(u => Object.keys(c[u]).map(n => [n, { bytecode: '0x' + c[u][n].evm.bytecode.object, metadata: c[u][n].metadata }])))));
            """);
        start.ArgumentList.Add(Path.Combine(root, "contracts", "artifacts", "standard-input.json"));
        using var compile = Process.Start(start)!;
        var stderr = compile.StandardError.ReadToEndAsync();
        var stdout = await compile.StandardOutput.ReadToEndAsync();
        await compile.WaitForExitAsync();
        compile.ExitCode.Should().Be(0, await stderr);

        using var compiled = System.Text.Json.JsonDocument.Parse(stdout);
        foreach (var name in new[] { "AssetRegistry", "AssetStatus", "AlgorithmRegistry", "ChargingSettlement", "FlexToken" })
        {
            using var committed = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "contracts", "artifacts", name + ".json")));
            compiled.RootElement.GetProperty(name).GetProperty("bytecode").GetString().Should().Be(committed.RootElement.GetProperty("bytecode").GetString(), name);
            compiled.RootElement.GetProperty(name).GetProperty("metadata").GetString().Should().Be(committed.RootElement.GetProperty("metadata").GetString(), name);
        }
    }

    [Fact]
    public void The_assembly_embeds_the_committed_artifacts()
    {
        var root = AnvilNode.FindRepoRoot();
        foreach (var name in new[] { "AssetRegistry", "AssetStatus", "AlgorithmRegistry", "ChargingSettlement", "FlexToken" })
        {
            var embedded = ContractArtifact.Load(name);
            var committed = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "contracts", "artifacts", name + ".json")));
            embedded.Bytecode.Should().Be(committed.RootElement.GetProperty("bytecode").GetString());
            embedded.Bytecode.Should().StartWith("0x60").And.HaveLength(committed.RootElement.GetProperty("bytecode").GetString()!.Length);
        }
    }
}
