using System.Globalization;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace OliMove.Chain;

/// <summary>How the writer recognises its record among a receipt's logs, and the indexed topic it filters logs by.</summary>
internal static class ContractEvents
{
    /// <summary>Whether <paramref name="contract"/> itself (not any contract) emitted a matching event.</summary>
    public static bool InReceipt<TEvent>(TransactionReceipt receipt, string contract, Func<TEvent, bool> match)
        where TEvent : IEventDTO, new() =>
        receipt.DecodeAllEvents<TEvent>()
            .Any(l => string.Equals(l.Log.Address, contract, StringComparison.OrdinalIgnoreCase) && match(l.Event));

    /// <summary>An indexed uint64 as a log topic: 32 bytes, hex.</summary>
    public static string Topic(ulong value) => "0x" + value.ToString("x64", CultureInfo.InvariantCulture);
}
