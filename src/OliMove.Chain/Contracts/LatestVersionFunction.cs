using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AlgorithmRegistry.latestVersion: the highest number published so far, 0 before the first.</summary>
[Function("latestVersion", "uint32")]
public sealed class LatestVersionFunction : FunctionMessage;
