using OliMove.Chain;
using OliMove.Chain.Clients;

namespace OliMove.Edge.ChainLink;

/// <summary>
/// The tariff, token rate and laxity cap a settlement is billed with. With a chain they are the contract's
/// (ChargingSettlement.rates, the CPO's values): read at start and again when older than <see cref="MaxAge"/>, so
/// that a receipt says exactly what the chain will bill and mint. Without a chain they are the config's
/// (Billing.*). Null while a configured chain has never answered: settlements then wait (they are made later from
/// the stored stop, never lost).
/// </summary>
public sealed class SettlementRatesSource
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly ChargingSettlementClient? _contract;
    private readonly TimeProvider _time;
    private SettlementRates? _rates;
    private DateTimeOffset _readAt;

    private SettlementRatesSource(ChargingSettlementClient? contract, SettlementRates? fixedRates, TimeProvider time)
    {
        _contract = contract;
        _rates = fixedRates;
        _time = time;
    }

    /// <summary>Rates read from the contract.</summary>
    public static SettlementRatesSource FromChain(ChargingSettlementClient contract, TimeProvider time) => new(contract, null, time);

    /// <summary>Rates of a site without a chain, from its configuration.</summary>
    public static SettlementRatesSource Fixed(SettlementRates rates) => new(null, rates, TimeProvider.System);

    public bool FromContract => _contract is not null;

    /// <summary>The rates in force, as last read; refreshed from the contract when stale. Null when never read.</summary>
    public async Task<SettlementRates?> CurrentAsync(CancellationToken ct)
    {
        if (_contract is null || (_rates is not null && _time.GetUtcNow() - _readAt < MaxAge))
        {
            return _rates;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ReadTimeout);
            _rates = await _contract.GetRatesAsync().WaitAsync(timeout.Token);
            _readAt = _time.GetUtcNow();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The node is away: keep the last rates read (the CPO changes them rarely); null if never read.
        }

        return _rates;
    }
}
