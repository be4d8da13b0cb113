using System.Net.Sockets;
using System.Numerics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// The single writer that drains the chain outbox, oldest item first: one transaction per slot (all its
/// rows), consecutive settlements in one transaction. One account, serialized sends, nonce reset after any
/// failure. Before writing it checks that the node is the configured chain and that the contracts exist;
/// otherwise it writes nothing, says why (<see cref="GetStateAsync"/>), and items keep queueing.
/// Nothing is written twice: a Sent item's receipt is checked, then the contract's "already recorded"
/// view, before anything is resent; and the contracts themselves are idempotent per slot and session.
/// </summary>
public sealed class OutboxWriter
{
    private const string UnchangedMarker = "unchanged";

    private static readonly Type[] KnownErrors =
    [
        typeof(SlotAlreadyRecordedError), typeof(UnknownAlgorithmVersionError), typeof(VersionAlreadyPublishedError),
        typeof(AssetKindMismatchError), typeof(NotMinterError), typeof(AccessControlUnauthorizedAccountError),
    ];

    private readonly ChainOutboxRepository _outbox;
    private readonly ChainConnection _chain;
    private readonly ChainAddresses _addresses;
    private readonly TimeProvider _time;
    private readonly OutboxWriterOptions _options;
    private readonly ILogger _logger;
    private readonly AssetStatusClient _status;
    private readonly ChargingSettlementClient _settlement;
    private readonly AlgorithmRegistryClient _algorithms;
    private readonly AssetRegistryClient _registry;
    private readonly Dictionary<string, uint> _assetIndex = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _singlePass = new(1, 1);
    private readonly Lock _stateLock = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChainHealth _health = ChainHealth.Unknown;
    private string? _healthMessage;
    private DateTimeOffset? _healthCheckedAt;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _nextAttemptAt;

    public OutboxWriter(
        ChainOutboxRepository outbox,
        ChainConnection chain,
        ChainAddresses addresses,
        TimeProvider time,
        OutboxWriterOptions? options = null,
        ILogger<OutboxWriter>? logger = null)
    {
        _outbox = outbox;
        _chain = chain;
        _addresses = addresses;
        _time = time;
        _options = options ?? new OutboxWriterOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _status = new AssetStatusClient(chain.Web3, addresses.AssetStatus);
        _settlement = new ChargingSettlementClient(chain.Web3, addresses.ChargingSettlement);
        _algorithms = new AlgorithmRegistryClient(chain.Web3, addresses.AlgorithmRegistry);
        _registry = new AssetRegistryClient(chain.Web3, addresses.AssetRegistry);
    }

    public ChainHealth Health
    {
        get
        {
            lock (_stateLock)
            {
                return _health;
            }
        }
    }

    /// <summary>Runs until cancelled: drains, then waits (poll interval, or a growing backoff after a failure).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = _options.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            lock (_stateLock)
            {
                // A fresh signal per pass: a Wake() during this pass ends the next wait at once.
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            DrainOutcome outcome;
            try
            {
                outcome = await DrainOnceAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // E.g. the database is briefly unavailable: keep the loop alive, report, retry later.
                _logger.LogError(e, "Chain outbox pass failed");
                NoteError(e.Message);
                outcome = DrainOutcome.NodeUnreachable;
            }

            TimeSpan delay;
            if (outcome is DrainOutcome.NodeUnreachable or DrainOutcome.ChainNotUsable)
            {
                delay = backoff;
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
            else
            {
                delay = _options.PollInterval;
                backoff = _options.MinBackoff;
            }

            try
            {
                var failed = outcome is DrainOutcome.NodeUnreachable or DrainOutcome.ChainNotUsable;
                await WaitAsync(delay, failed, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Ends the current wait at once (call after enqueueing), so the item leaves without waiting for the poll.</summary>
    public void Wake()
    {
        lock (_stateLock)
        {
            _wake.TrySetResult();
        }
    }

    /// <summary>One pass: check the chain, then send until the outbox is empty or the node fails.</summary>
    public async Task<DrainOutcome> DrainOnceAsync(CancellationToken ct = default)
    {
        await _singlePass.WaitAsync(ct);
        try
        {
            try
            {
                await VerifyChainAsync(ct);
            }
            catch (ChainNotUsableException e)
            {
                SetHealth(e.Health, e.Message);
                return DrainOutcome.ChainNotUsable;
            }
            catch (Exception e) when (IsTransient(e, ct))
            {
                SetHealth(ChainHealth.Unreachable, $"The chain node at {_chain.RpcUrl} does not answer: {Describe(e)}");
                return DrainOutcome.NodeUnreachable;
            }

            var worked = false;
            while (true)
            {
                var items = await _outbox.ListUnconfirmedAsync(null, 100, ct);
                if (items.Count == 0)
                {
                    return worked ? DrainOutcome.Drained : DrainOutcome.Idle;
                }

                worked = true;
                var batch = TakeBatch(items);
                var ids = batch.Select(i => i.Id).ToList();
                try
                {
                    await ProcessAsync(batch, ct);
                }
                catch (PermanentItemException e)
                {
                    _logger.LogWarning("Chain outbox items {Ids} failed for good: {Error}", ids, e.Message);
                    await _outbox.RecordFailureAsync(ids, e.Message, permanent: true, _time.GetUtcNow(), ct);
                }
                catch (ChainNotUsableException e)
                {
                    await _chain.ResetNonceAsync();
                    SetHealth(e.Health, e.Message);
                    return DrainOutcome.ChainNotUsable;
                }
                catch (Exception e) when (IsTransient(e, ct))
                {
                    await _chain.ResetNonceAsync();
                    var message = $"The chain node at {_chain.RpcUrl} failed: {Describe(e)}";
                    await _outbox.RecordFailureAsync(ids, message, permanent: false, _time.GetUtcNow(), ct);
                    SetHealth(ChainHealth.Unreachable, message);
                    return DrainOutcome.NodeUnreachable;
                }
            }
        }
        finally
        {
            _singlePass.Release();
        }
    }

    public async Task<OutboxWriterState> GetStateAsync(CancellationToken ct = default)
    {
        var stats = await _outbox.GetStatsAsync(ct);
        lock (_stateLock)
        {
            var ownIsNewer = _lastErrorAt is { } own && (stats.LastErrorAt is null || own >= stats.LastErrorAt);
            return new OutboxWriterState(
                _health,
                _healthMessage,
                _healthCheckedAt,
                stats.PendingCount,
                stats.SentCount,
                stats.OldestPendingAt,
                ownIsNewer ? _lastError : stats.LastError,
                ownIsNewer ? _lastErrorAt : stats.LastErrorAt,
                stats.LastConfirmedBlock,
                stats.LastConfirmedAt,
                _nextAttemptAt);
        }
    }

    private async Task VerifyChainAsync(CancellationToken ct)
    {
        var chainId = (long)(await Rpc(_chain.Web3.Eth.ChainId.SendRequestAsync(), ct)).Value;
        if (chainId != _addresses.ChainId || chainId != _chain.ChainId)
        {
            throw new ChainNotUsableException(ChainHealth.WrongChain,
                $"The node at {_chain.RpcUrl} is chain {chainId}, but the contracts were deployed on chain {_addresses.ChainId}: wrong RPC URL?");
        }

        foreach (var (name, address) in _addresses.All)
        {
            var code = await Rpc(_chain.Web3.Eth.GetCode.SendRequestAsync(address), ct);
            if (string.IsNullOrEmpty(code) || code == "0x")
            {
                throw new ChainNotUsableException(ChainHealth.ContractsMissing,
                    $"No contract code at {name} {address} on chain {chainId}: the chain was reset or the RPC URL points elsewhere. Items keep queueing; nothing is sent.");
            }
        }

        if (Health != ChainHealth.Healthy)
        {
            // Roles rarely change: check them when (re)connecting; a revoked role later shows as a revert.
            var clients = new AccessControlledClient[] { _registry, _algorithms, _status, _settlement };
            foreach (var client in clients)
            {
                if (!await Rpc(client.HasRoleAsync(ChainIds.OperatorRole, _chain.Address), ct))
                {
                    throw new ChainNotUsableException(ChainHealth.NotAuthorized,
                        $"Account {_chain.Address} lacks OPERATOR_ROLE on {client.Address}; the CPO (admin) must grant it.");
                }
            }

            // A (re)connected chain may be a redeployment: forget the cached asset indices.
            _assetIndex.Clear();
        }

        SetHealth(ChainHealth.Healthy, null);
    }

    private List<OutboxItem> TakeBatch(IReadOnlyList<OutboxItem> items)
    {
        if (items[0].Kind != ChainOutboxKinds.Settlement)
        {
            return [items[0]];
        }

        return items.TakeWhile(i => i.Kind == ChainOutboxKinds.Settlement)
            .Take(_options.MaxSettlementsPerTransaction)
            .ToList();
    }

    private Task ProcessAsync(IReadOnlyList<OutboxItem> batch, CancellationToken ct) => batch[0].Kind switch
    {
        ChainOutboxKinds.SlotStatus => ProcessSlotAsync(batch[0], ct),
        ChainOutboxKinds.Settlement => ProcessSettlementsAsync(batch, ct),
        ChainOutboxKinds.AlgorithmPublication => ProcessAlgorithmAsync(batch[0], ct),
        ChainOutboxKinds.AssetRegistration => ProcessAssetsAsync(batch[0], ct),
        _ => throw new PermanentItemException($"Unknown chain outbox kind '{batch[0].Kind}'."),
    };

    private async Task ProcessSlotAsync(OutboxItem item, CancellationToken ct)
    {
        var slot = ReadPayload<SlotStatusPayload>(item, p => p.Validate());
        bool Landed(TransactionReceipt r) => HasEvent<SlotCommittedEvent>(r, _addresses.AssetStatus, e => e.SlotId == slot.SlotId);

        if (await ConfirmFromEarlierSendAsync([item], Landed, ct))
        {
            return;
        }

        if (await Rpc(_status.IsSlotRecordedAsync(slot.SlotId), ct))
        {
            await ConfirmFromLogAsync<SlotCommittedEvent>([item], _addresses.AssetStatus, Topic(slot.SlotId), ct);
            return;
        }

        var rows = new List<BigInteger>(slot.Rows.Count);
        foreach (var row in slot.Rows)
        {
            var index = await AssetIndexAsync(row.AssetId, ct);
            rows.Add(new PackedStatusRow(index, row.Status, row.SetpointW, row.MeasuredW,
                (uint)row.UserEnergyLeftWh, (uint)row.UserTimeLeftS).ToWord());
        }

        var function = new RecordSlotFunction
        {
            SlotId = slot.SlotId,
            AlgorithmVersion = slot.AlgorithmVersion,
            InputHash = PayloadRange.Hash32(slot.InputHash, "InputHash"),
            OutputHash = PayloadRange.Hash32(slot.OutputHash, "OutputHash"),
            Rows = rows,
        };
        await SendAndConfirmAsync([item], _addresses.AssetStatus, function, Landed,
            alreadyDone: e => e.IsCustomErrorFor<SlotAlreadyRecordedError>()
                ? ConfirmFromLogAsync<SlotCommittedEvent>([item], _addresses.AssetStatus, Topic(slot.SlotId), ct)
                : null,
            ct);
    }

    private async Task ProcessSettlementsAsync(IReadOnlyList<OutboxItem> batch, CancellationToken ct)
    {
        var sessions = new List<(OutboxItem Item, SettlementPayload Payload, byte[] SessionId)>();
        foreach (var item in batch)
        {
            try
            {
                var payload = ReadPayload<SettlementPayload>(item, p => p.Validate());
                sessions.Add((item, payload, ChainIds.SessionId(payload.SessionKey)));
            }
            catch (PermanentItemException e)
            {
                await _outbox.RecordFailureAsync([item.Id], e.Message, permanent: true, _time.GetUtcNow(), ct);
            }
        }

        bool LandedFor(byte[] sessionId, TransactionReceipt r) =>
            HasEvent<SettledEvent>(r, _addresses.ChargingSettlement, e => e.SessionId.AsSpan().SequenceEqual(sessionId))
            || HasEvent<AlreadySettledEvent>(r, _addresses.ChargingSettlement, e => e.SessionId.AsSpan().SequenceEqual(sessionId));

        var waiting = new List<(OutboxItem Item, SettlementPayload Payload, byte[] SessionId)>();
        foreach (var session in sessions)
        {
            if (await ConfirmFromEarlierSendAsync([session.Item], r => LandedFor(session.SessionId, r), ct))
            {
                continue;
            }

            if (await Rpc(_settlement.IsSettledAsync(session.SessionId), ct))
            {
                await ConfirmFromLogAsync<SettledEvent>([session.Item], _addresses.ChargingSettlement, session.SessionId.ToHex(true), ct);
                continue;
            }

            waiting.Add(session);
        }

        if (waiting.Count == 0)
        {
            return;
        }

        var function = new SettleFunction
        {
            Sessions = waiting.Select(s => new SessionSettlementStruct
            {
                SessionId = s.SessionId,
                User = s.Payload.UserAddress,
                EnergyWh = (uint)s.Payload.EnergyWh,
                FlexibilityWhH = (uint)s.Payload.FlexibilityWhH,
            }).ToList(),
        };
        await SendAndConfirmAsync(waiting.Select(w => w.Item).ToList(), _addresses.ChargingSettlement, function,
            r => waiting.All(w => LandedFor(w.SessionId, r)), alreadyDone: _ => null, ct);
    }

    private async Task ProcessAlgorithmAsync(OutboxItem item, CancellationToken ct)
    {
        var algorithm = ReadPayload<AlgorithmPublicationPayload>(item, p => p.Validate());
        bool Landed(TransactionReceipt r) =>
            HasEvent<AlgorithmPublishedEvent>(r, _addresses.AlgorithmRegistry, e => e.Version == algorithm.Version);
        if (await ConfirmFromEarlierSendAsync([item], Landed, ct))
        {
            return;
        }

        if (await Rpc(_algorithms.IsPublishedAsync(algorithm.Version), ct))
        {
            await ConfirmFromLogAsync<AlgorithmPublishedEvent>([item], _addresses.AlgorithmRegistry, Topic(algorithm.Version), ct);
            return;
        }

        var function = new PublishAlgorithmFunction
        {
            Version = algorithm.Version,
            CodeHash = PayloadRange.Hash32(algorithm.CodeHash, "CodeHash"),
            ParametersHash = PayloadRange.Hash32(algorithm.ParametersHash, "ParametersHash"),
            Description = algorithm.Description ?? "",
        };
        await SendAndConfirmAsync([item], _addresses.AlgorithmRegistry, function, Landed,
            alreadyDone: e => e.IsCustomErrorFor<VersionAlreadyPublishedError>()
                ? ConfirmFromLogAsync<AlgorithmPublishedEvent>([item], _addresses.AlgorithmRegistry, Topic(algorithm.Version), ct)
                : null,
            ct);
    }

    private async Task ProcessAssetsAsync(OutboxItem item, CancellationToken ct)
    {
        var assets = ReadPayload<SiteAssets>(item, p => p.Validate());
        AssetRegistrationResult result;
        try
        {
            // Upserts compare with the chain first, so a re-run after a crash only writes what is missing.
            result = await new AssetRegistrar(_registry).RegisterAsync(assets, ct);
        }
        catch (SmartContractCustomErrorRevertException e)
        {
            throw RevertToException(e);
        }

        foreach (var (id, index) in result.Indices)
        {
            _assetIndex[id] = index;
        }

        if (result.LastTxHash is { } tx && result.LastBlock is { } block)
        {
            await ConfirmAsync([item.Id], tx, block, ct);
        }
        else
        {
            // Every record already matched the chain: no transaction to name, so the marker says so.
            var current = (long)(await Rpc(_chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), ct)).Value;
            await ConfirmAsync([item.Id], UnchangedMarker, current, ct);
        }
    }

    private async Task SendAndConfirmAsync<TFunction>(
        IReadOnlyList<OutboxItem> items,
        string contract,
        TFunction function,
        Func<TransactionReceipt, bool> landed,
        Func<SmartContractCustomErrorRevertException, Task?> alreadyDone,
        CancellationToken ct)
        where TFunction : FunctionMessage, new()
    {
        var ids = items.Select(i => i.Id).ToList();
        string txHash;
        try
        {
            txHash = await Rpc(_chain.Web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAsync(contract, function), ct);
        }
        catch (SmartContractCustomErrorRevertException e)
        {
            await _chain.ResetNonceAsync();
            if (alreadyDone(e) is { } confirm)
            {
                await confirm;
                return;
            }

            throw RevertToException(e);
        }
        catch (SmartContractRevertException e)
        {
            await _chain.ResetNonceAsync();
            throw new PermanentItemException($"Reverted: {e.RevertMessage}", e);
        }

        await _outbox.MarkSentAsync(ids, txHash, _time.GetUtcNow(), ct);
        var receipt = await WaitForReceiptAsync(txHash, ct);
        if (receipt.Status?.Value == 1 && landed(receipt))
        {
            await ConfirmAsync(ids, txHash, (long)receipt.BlockNumber.Value, ct);
            return;
        }

        if (receipt.Status?.Value == 1)
        {
            // Mined, yet the contract emitted nothing: there is no contract behind the address any more.
            throw new ChainNotUsableException(ChainHealth.ContractsMissing,
                $"Transaction {txHash} to {contract} mined without the contract's event: the contract is gone (chain reset?).");
        }

        var permanent = items.Max(i => i.Attempts) + 1 >= _options.MaxAttempts;
        await _outbox.RecordFailureAsync(ids, $"Transaction {txHash} reverted on chain.", permanent, _time.GetUtcNow(), ct);
    }

    /// <summary>A Sent item (or one that failed after sending) may have landed: its receipt decides.</summary>
    private async Task<bool> ConfirmFromEarlierSendAsync(IReadOnlyList<OutboxItem> items, Func<TransactionReceipt, bool> landed, CancellationToken ct)
    {
        if (items[0].TxHash is not { } txHash || txHash == UnchangedMarker)
        {
            return false;
        }

        var receipt = await Rpc(_chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(txHash), ct);
        if (receipt is null || receipt.Status?.Value != 1 || !landed(receipt))
        {
            return false;
        }

        await ConfirmAsync(items.Select(i => i.Id).ToList(), txHash, (long)receipt.BlockNumber.Value, ct);
        return true;
    }

    /// <summary>Already on chain but we do not know by which transaction: find it by its event.</summary>
    private async Task ConfirmFromLogAsync<TEvent>(IReadOnlyList<OutboxItem> items, string contract, string topic1, CancellationToken ct)
        where TEvent : IEventDTO, new()
    {
        var filter = new NewFilterInput
        {
            Address = [contract],
            FromBlock = new BlockParameter(new HexBigInteger(_addresses.DeployedAtBlock)),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = ["0x" + ABITypedRegistry.GetEvent<TEvent>().Sha3Signature, topic1],
        };
        var logs = await Rpc(_chain.Web3.Eth.Filters.GetLogs.SendRequestAsync(filter), ct);
        var first = logs.FirstOrDefault()
            ?? throw new ChainNotUsableException(ChainHealth.ContractsMissing,
                $"{contract} reports the item recorded but has no {typeof(TEvent).Name} for it; refusing to guess.");
        await ConfirmAsync(items.Select(i => i.Id).ToList(), first.TransactionHash, (long)first.BlockNumber.Value, ct);
    }

    private async Task ConfirmAsync(IReadOnlyList<long> ids, string txHash, long block, CancellationToken ct)
    {
        await _outbox.MarkConfirmedAsync(ids, txHash, block, _time.GetUtcNow(), ct);
        _logger.LogInformation("Chain outbox items {Ids} confirmed in block {Block} (tx {TxHash})", ids, block, txHash);
    }

    private async Task<TransactionReceipt> WaitForReceiptAsync(string txHash, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + _options.ReceiptTimeout;
        while (true)
        {
            var receipt = await Rpc(_chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(txHash), ct);
            if (receipt is not null)
            {
                return receipt;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"No receipt for {txHash} within {_options.ReceiptTimeout}; it is checked again on the next pass.");
            }

            await Task.Delay(_options.ReceiptPollInterval, _time, ct);
        }
    }

    private async Task<uint> AssetIndexAsync(string assetId, CancellationToken ct)
    {
        if (_assetIndex.TryGetValue(assetId, out var cached))
        {
            return cached;
        }

        var index = await Rpc(_registry.IndexOfAsync(assetId), ct);
        if (index == 0)
        {
            throw new PermanentItemException($"Asset '{assetId}' is not registered on chain; register the site's assets first.");
        }

        _assetIndex[assetId] = index;
        return index;
    }

    private Exception RevertToException(SmartContractCustomErrorRevertException e)
    {
        if (e.IsCustomErrorFor<AccessControlUnauthorizedAccountError>())
        {
            return new ChainNotUsableException(ChainHealth.NotAuthorized,
                $"Account {_chain.Address} lacks a role the contract requires; the CPO (admin) must grant OPERATOR_ROLE.");
        }

        var known = KnownErrors.FirstOrDefault(e.IsCustomErrorFor);
        var name = known?.GetCustomAttribute<ErrorAttribute>()?.Name
            ?? $"with selector {e.ExceptionEncodedData[..Math.Min(10, e.ExceptionEncodedData.Length)]}";
        return new PermanentItemException($"The contract refused the write: {name}.", e);
    }

    private static T ReadPayload<T>(OutboxItem item, Action<T> validate)
    {
        try
        {
            var payload = ChainOutboxEntry.Read<T>(item.PayloadJson);
            validate(payload);
            return payload;
        }
        catch (ArgumentException e)
        {
            throw new PermanentItemException($"Item {item.Id} ({item.Key}): {e.Message}", e);
        }
    }

    private static bool HasEvent<TEvent>(TransactionReceipt receipt, string contract, Func<TEvent, bool> match)
        where TEvent : IEventDTO, new() =>
        receipt.DecodeAllEvents<TEvent>()
            .Any(l => string.Equals(l.Log.Address, contract, StringComparison.OrdinalIgnoreCase) && match(l.Event));

    private static string Topic(ulong value) => "0x" + value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private Task<T> Rpc<T>(Task<T> call, CancellationToken ct) => call.WaitAsync(_options.RpcTimeout, _time, ct);

    private async Task WaitAsync(TimeSpan delay, bool afterFailure, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The timer exists before NextAttemptAt is published, so whoever reads the state and moves the
        // clock (a test's fake time) cannot move it before the timer is armed.
        var sleep = Task.Delay(delay, _time, cts.Token);
        Task wake;
        lock (_stateLock)
        {
            _nextAttemptAt = afterFailure ? _time.GetUtcNow() + delay : null;
            wake = _wake.Task;
        }

        await Task.WhenAny(sleep, wake);
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    private void SetHealth(ChainHealth health, string? message)
    {
        ChainHealth previous;
        lock (_stateLock)
        {
            previous = _health;
            _health = health;
            _healthMessage = message;
            _healthCheckedAt = _time.GetUtcNow();
            if (message is not null)
            {
                _lastError = message;
                _lastErrorAt = _healthCheckedAt;
            }
        }

        if (previous != health)
        {
            if (health == ChainHealth.Healthy)
            {
                _logger.LogInformation("Chain writable again ({Url}, chain {ChainId})", _chain.RpcUrl, _addresses.ChainId);
            }
            else
            {
                _logger.LogWarning("Chain not writable ({Health}): {Message}", health, message);
            }
        }
    }

    private void NoteError(string message)
    {
        lock (_stateLock)
        {
            _lastError = message;
            _lastErrorAt = _time.GetUtcNow();
        }
    }

    private static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException => !ct.IsCancellationRequested,
        RpcClientUnknownException or RpcClientTimeoutException or RpcResponseException => true,
        HttpRequestException or TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    private static string Describe(Exception e) =>
        e.InnerException is { } inner && e is RpcClientUnknownException ? $"{e.Message} ({inner.Message})" : e.Message;
}
