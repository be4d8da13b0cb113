using System.Globalization;
using System.Numerics;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>Session settlements, at most one per transaction. Record it in the same unit of work as its chain outbox row.</summary>
public sealed class SessionSettlementRepository
{
    private const string Columns =
        "transaction_id, energy_wh, bill_minor_units, currency, flexibility_kwh_h, tokens_base_units, settled_at, request_id, max_power_w";

    private readonly EdgeDatabase _db;

    public SessionSettlementRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>Records the settlement; returns false, changing nothing, when the transaction is already settled.</summary>
    public async Task<bool> RecordAsync(WriteScope scope, SessionSettlement settlement, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Validate(settlement);
        await using var command = scope.CreateCommand($"""
            INSERT INTO session_settlements ({Columns})
            VALUES ($tx, $energy, $bill, $currency, $flex, $tokens, $at, $request, $maxPower)
            ON CONFLICT (transaction_id) DO NOTHING;
            """);
        command.Parameters.AddWithValue("$tx", settlement.TransactionId);
        command.Parameters.AddWithValue("$energy", settlement.EnergyWh);
        command.Parameters.AddWithValue("$bill", settlement.BillMinorUnits);
        command.Parameters.AddWithValue("$currency", settlement.Currency);
        command.Parameters.AddWithValue("$flex", settlement.FlexibilityKWhH);
        command.Parameters.AddWithValue("$tokens", settlement.TokensBaseUnits.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$at", StoredTime.ToDb(settlement.SettledAt));
        command.Parameters.AddWithValue("$request", (object?)settlement.RequestId ?? DBNull.Value);
        command.Parameters.AddWithValue("$maxPower", (object?)settlement.MaxPowerW ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public Task<bool> RecordAsync(SessionSettlement settlement, CancellationToken ct = default) =>
        _db.WriteAsync(scope => RecordAsync(scope, settlement, ct), ct);

    public async Task<SessionSettlement?> GetAsync(long transactionId, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {Columns} FROM session_settlements WHERE transaction_id = $tx;",
            p => p.AddWithValue("$tx", transactionId), ct)).SingleOrDefault();

    /// <summary>Settlements of the sessions started with any of the user's current idTags, newest first.</summary>
    public Task<IReadOnlyList<SessionSettlement>> ListByUserAsync(long userId, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return QueryAsync($"""
            SELECT {string.Join(", ", Columns.Split(", ").Select(c => "s." + c))}
            FROM session_settlements s JOIN transactions t ON t.id = s.transaction_id
            WHERE t.id_tag IN (SELECT id_tag FROM id_tags WHERE user_id = $user)
            ORDER BY s.settled_at DESC, s.transaction_id DESC LIMIT $max;
            """, p =>
            {
                p.AddWithValue("$user", userId);
                p.AddWithValue("$max", max);
            }, ct);
    }

    /// <summary>
    /// The settlements that belong on the user's eWallet, oldest first, read in the unit of work that gives the account
    /// its wallet: those of the user's requests, and those without a request of a session started with a card that was
    /// already the user's (bound at most <paramref name="bindingTolerance"/> after the session's start, which is the
    /// charger's clock). The same rule as the settlement's own choice of user, so nothing is minted to a wallet the
    /// settlement would not have chosen.
    /// </summary>
    public async Task<IReadOnlyList<SessionSettlement>> ListOfUserAsync(WriteScope scope, long userId, TimeSpan bindingTolerance, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = scope.CreateCommand($"""
            SELECT {string.Join(", ", Columns.Split(", ").Select(c => "s." + c))}
            FROM session_settlements s JOIN transactions t ON t.id = s.transaction_id
            WHERE s.request_id IN (SELECT id FROM charging_requests WHERE user_id = $user)
               OR (s.request_id IS NULL AND EXISTS (
                   SELECT 1 FROM id_tags i WHERE i.id_tag = t.id_tag AND i.user_id = $user AND i.created_at <= t.started_at + $tolerance))
            ORDER BY s.transaction_id;
            """);
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$tolerance", (long)bindingTolerance.TotalMilliseconds);
        var settlements = new List<SessionSettlement>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            settlements.Add(Read(r));
        }

        return settlements;
    }

    private Task<IReadOnlyList<SessionSettlement>> QueryAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        _db.ReadAsync<IReadOnlyList<SessionSettlement>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            var settlements = new List<SessionSettlement>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                settlements.Add(Read(r));
            }

            return settlements;
        }, ct);

    private static SessionSettlement Read(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetDouble(1), r.GetInt64(2), r.GetString(3), r.GetDouble(4),
            BigInteger.Parse(r.GetString(5), NumberStyles.None, CultureInfo.InvariantCulture), r.GetTime(6),
            r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetInt64(8));

    private static void Validate(SessionSettlement s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!(s.EnergyWh >= 0 && double.IsFinite(s.EnergyWh)))
        {
            throw new ArgumentException($"Settled energy must be a finite number of Wh, 0 or more, not {s.EnergyWh}.", nameof(s));
        }

        if (s.BillMinorUnits < 0)
        {
            throw new ArgumentException($"A bill cannot be negative ({s.BillMinorUnits}).", nameof(s));
        }

        if (s.Currency is null || s.Currency.Length != 3 || !s.Currency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"The currency must be an ISO 4217 code such as EUR, not '{s.Currency}'.", nameof(s));
        }

        if (!(s.FlexibilityKWhH >= 0 && double.IsFinite(s.FlexibilityKWhH)))
        {
            throw new ArgumentException($"Flexibility must be a finite number of kWh·h, 0 or more, not {s.FlexibilityKWhH}.", nameof(s));
        }

        if (s.TokensBaseUnits.Sign < 0)
        {
            throw new ArgumentException($"Tokens cannot be negative ({s.TokensBaseUnits}).", nameof(s));
        }
    }
}
