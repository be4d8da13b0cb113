using OliMove.Edge.Sessions;

namespace OliMove.Edge.Verification;

/// <summary>
/// A finished session as the archive's database keeps it: the facts its settlement is computed from, the wallet it
/// goes to and, when it was settled locally, the receipt.
/// </summary>
/// <param name="Facts">Meter values, times, the billed request's opt-in and departure, P_max (1 W when the row predates schema 18).</param>
/// <param name="MaxPowerKnown">False for a settlement made before schema 18, which did not keep P_max: its flexibility cannot be recomputed.</param>
/// <param name="WalletAddress">The billed user's eWallet; null when the session has no user with a wallet (nothing goes on chain).</param>
/// <param name="Receipt">The local settlement (the driver's receipt), null when the session was never settled locally.</param>
public sealed record ArchivedSession(long TransactionId, FinishedSessionFacts Facts, bool MaxPowerKnown, string? WalletAddress, ArchivedReceipt? Receipt)
{
    public string SessionKey => SessionSettler.SessionKey(TransactionId);
}

