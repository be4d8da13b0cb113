using OliMove.Edge.ChainLink;
using OliMove.Scheduling;

namespace OliMove.Edge.Verification;

/// <summary>The allocator this build carries, against which archive and chain are checked.</summary>
/// <param name="VersionId">The id archived with each plan (<see cref="AlgorithmVersion.Id"/>).</param>
/// <param name="VersionNumber">The registry's number for this build's (code, parameters) pair on the chain checked; null offline or when never published there.</param>
/// <param name="CodeHash">SHA-256 of the loaded OliMove.Scheduling.dll (<see cref="AlgorithmIdentity.CodeHash"/>).</param>
/// <param name="ParametersHash">SHA-256 of the canonical parameters (<see cref="AlgorithmVersion.ParametersHash"/>).</param>
public sealed record AlgorithmExpectation(string VersionId, uint? VersionNumber, string CodeHash, string ParametersHash)
{
    public static AlgorithmExpectation ThisBuild() =>
        new(AlgorithmVersion.Id, null, AlgorithmIdentity.CodeHash(), AlgorithmIdentity.ParametersHash);
}
