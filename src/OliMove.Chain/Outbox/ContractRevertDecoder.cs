using System.Reflection;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using OliMove.Chain.Contracts;

namespace OliMove.Chain;

/// <summary>
/// Turns a contract's custom-error revert into what the writer does next: a missing role stops writing
/// (<see cref="ChainNotUsableException"/>); any other refusal fails the item, named by the error it raised.
/// </summary>
internal sealed class ContractRevertDecoder(string accountAddress)
{
    private static readonly Type[] KnownErrors =
    [
        typeof(SlotAlreadyRecordedError), typeof(UnknownAlgorithmVersionError), typeof(VersionAlreadyPublishedError), typeof(AlgorithmPublishedAsError),
        typeof(AssetKindMismatchError), typeof(NotMinterError), typeof(AccessControlUnauthorizedAccountError),
        typeof(SettlementOutOfBoundsError), typeof(ZeroSessionNumberError), typeof(AllocationTooLargeError),
    ];

    public Exception ToException(SmartContractCustomErrorRevertException e)
    {
        if (e.IsCustomErrorFor<AccessControlUnauthorizedAccountError>())
        {
            return new ChainNotUsableException(ChainHealth.NotAuthorized,
                $"Account {accountAddress} lacks a role the contract requires (this site's operator role); the CPO (admin) must run `olimove-edge chain join` for this site and key.");
        }

        var known = KnownErrors.FirstOrDefault(e.IsCustomErrorFor);
        var name = known?.GetCustomAttribute<ErrorAttribute>()?.Name
            ?? $"with selector {e.ExceptionEncodedData[..Math.Min(10, e.ExceptionEncodedData.Length)]}";
        return new PermanentItemException($"The contract refused the write: {name}.", e);
    }
}
