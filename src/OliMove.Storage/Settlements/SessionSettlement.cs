using System.Numerics;

namespace OliMove.Storage;

/// <summary>
/// A finished session's settlement: energy from the charge point's meter, the bill, the flexibility
/// the user gave (kWh·h) and the tokens earned, in ERC-20 base units (a BigInteger: 18 decimals overflow 64 bits).
/// </summary>
/// <param name="RequestId">The charging request billed (opt-in, departure), null when none; null too in rows settled before schema 18.</param>
/// <param name="MaxPowerW">The session's P_max the flexibility was computed with; null in rows settled before schema 18.</param>
public sealed record SessionSettlement(
    long TransactionId,
    double EnergyWh,
    long BillMinorUnits,
    string Currency,
    double FlexibilityKWhH,
    BigInteger TokensBaseUnits,
    DateTimeOffset SettledAt,
    long? RequestId = null,
    long? MaxPowerW = null);
