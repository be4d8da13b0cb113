using System.Numerics;

namespace OliMove.Edge.Verification;

/// <summary>A session's Settled event as read from ChargingSettlement (SC3), with its block.</summary>
/// <param name="SessionNumber">The session's transaction number N (session key tx-N; on chain the session is (site id, N)).</param>
/// <param name="User">The account the tokens were minted to.</param>
/// <param name="Block">The block the event is in: the rates in force there are the ones it was billed with.</param>
/// <param name="SettledAt">The block's timestamp.</param>
public sealed record OnChainSettlement(
    ulong SessionNumber, string User, long EnergyWh, ulong BillMilliCents, long FlexibilityWhH, BigInteger Tokens, ulong Block, DateTimeOffset SettledAt);
