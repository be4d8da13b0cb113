using System.Collections.Concurrent;
using System.Text.Json;

namespace OliMove.Chain.Contracts;

/// <summary>A compiled contract as committed under contracts/artifacts (embedded in this assembly).</summary>
public sealed record ContractArtifact(string ContractName, string AbiJson, string Bytecode)
{
    private static readonly ConcurrentDictionary<string, ContractArtifact> Cache = new();

    public static ContractArtifact Load(string contractName) => Cache.GetOrAdd(contractName, LoadUncached);

    private static ContractArtifact LoadUncached(string contractName)
    {
        var resource = $"OliMove.Chain.Artifacts.{contractName}.json";
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No embedded contract artifact '{resource}'.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        return new ContractArtifact(
            root.GetProperty("contractName").GetString()!,
            root.GetProperty("abi").GetRawText(),
            root.GetProperty("bytecode").GetString()!);
    }
}
