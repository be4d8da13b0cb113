namespace OliMove.Chain;

/// <summary>
/// One finished session for SC3. The bill is computed on chain (energy × the CPO's tariff), the tokens too
/// (flexibility × the CPO's rate); a session that did not opt in has flexibility 0 and earns none.
/// </summary>
/// <param name="SessionKey">The host's unique session key <c>tx-N</c>; on chain the session is (site id, N) (<see cref="ChainIds.SessionNumber"/>).</param>
/// <param name="UserAddress">The user's eWallet address (<see cref="WalletVault"/>).</param>
/// <param name="EnergyWh">From the CP's meter (stop − start).</param>
/// <param name="FlexibilityWhH">Flexibility in Wh·h (kWh·h × 1000), rounded down.</param>
public sealed record SettlementPayload(string SessionKey, string UserAddress, long EnergyWh, long FlexibilityWhH)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(SessionKey))
        {
            throw new ArgumentException("A settlement needs a session key.");
        }

        // Only tx-N fits the contract's per-site bitmap keyed by the transaction number (decision 0340).
        ChainIds.SessionNumber(SessionKey);

        PayloadRange.Address(UserAddress, $"session {SessionKey}: UserAddress");
        PayloadRange.UInt32(EnergyWh, $"session {SessionKey}: EnergyWh");
        PayloadRange.UInt32(FlexibilityWhH, $"session {SessionKey}: FlexibilityWhH");
        if (UserAddress.Trim('0', 'x', 'X').Length == 0)
        {
            throw new ArgumentException($"session {SessionKey}: UserAddress is the zero address.");
        }
    }
}
