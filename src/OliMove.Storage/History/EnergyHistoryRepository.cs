using System.Text.Json;

namespace OliMove.Storage;

/// <summary>
/// Charging energy per connector and 15-minute quarter from the stored energy register readings: the raw meter
/// values and, once retention folded them, their quarters (decision 0220), together with each transaction's
/// meterStart and meterStop as readings at its start and stop. Nothing comes from memory (decision 0282).
/// </summary>
public sealed class EnergyHistoryRepository(EdgeDatabase db)
{
    private const long QuarterMilliseconds = 900_000;

    /// <summary>
    /// Calls <paramref name="quarter"/> for each connector's quarter from the one before <paramref name="from"/> up to
    /// <paramref name="to"/> that has register readings, ordered by connector and time. A reading closes the quarter it
    /// ends (a reading at 07:15:00 is the register at the end of 07:00–07:15), and a quarter's energy is its last
    /// reading minus the last one of the quarter before it in the same transaction (the quarter's own first reading
    /// when there is none), never below 0 (a register reset). The quarter before <paramref name="from"/> is read so
    /// that the first one in the range has its reading before it; callers drop it.
    /// </summary>
    public Task ForEachQuarterAsync(IReadOnlyCollection<string> chargePointIds, DateTimeOffset from, DateTimeOffset to, Action<ConnectorQuarterEnergy> quarter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(chargePointIds);
        ArgumentNullException.ThrowIfNull(quarter);
        return db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            // The raw readings are found through meter_readings' unique key, which leads with the timestamp (decision
            // 0399; meter_values is its view, decision 0369): the range is read once for the site's charge points, and
            // the hottest write path needs no index of its own for this.
            command.CommandText = """
                WITH readings (cp, conn, tx, q, efirst, elast) AS (
                    SELECT charge_point_id, connector_id, COALESCE(transaction_id, 0), ((sampled_at - 1) / 900000) * 900000, MIN(value), MAX(value)
                    FROM meter_values
                    WHERE charge_point_id IN (SELECT value FROM json_each($cps)) AND connector_id > 0
                      AND measurand = $register AND phase = '' AND sampled_at > $before AND sampled_at <= $to
                    GROUP BY 1, 2, 3, 4
                    UNION ALL
                    SELECT charge_point_id, connector_id, transaction_id, quarter_start, energy_first_wh, energy_last_wh
                    FROM meter_value_quarters
                    WHERE charge_point_id IN (SELECT value FROM json_each($cps)) AND connector_id > 0
                      AND quarter_start >= $before AND quarter_start < $to AND energy_last_wh IS NOT NULL
                    UNION ALL
                    SELECT charge_point_id, connector_id, id, ((started_at - 1) / 900000) * 900000, meter_start_wh, meter_start_wh
                    FROM transactions
                    WHERE started_at > $before AND started_at <= $to AND charge_point_id IN (SELECT value FROM json_each($cps))
                    UNION ALL
                    SELECT charge_point_id, connector_id, id, ((stopped_at - 1) / 900000) * 900000, meter_stop_wh, meter_stop_wh
                    FROM transactions
                    WHERE stopped_at > $before AND stopped_at <= $to AND meter_stop_wh IS NOT NULL
                      AND charge_point_id IN (SELECT value FROM json_each($cps))
                )
                SELECT cp, conn, tx, q, MIN(efirst), MAX(elast) FROM readings
                GROUP BY cp, conn, tx, q
                ORDER BY cp, conn, tx, q;
                """;
            command.Parameters.AddWithValue("$cps", JsonSerializer.Serialize(chargePointIds));
            command.Parameters.AddWithValue("$register", MeterValueRepository.EnergyRegisterMeasurand);
            command.Parameters.AddWithValue("$before", StoredTime.ToDb(from) - QuarterMilliseconds);
            command.Parameters.AddWithValue("$to", StoredTime.ToDb(to));
            await using var r = await command.ExecuteReaderAsync(ct);
            (string Cp, int Conn, long Tx)? series = null;
            double? previous = null;
            while (await r.ReadAsync(ct))
            {
                var key = (r.GetString(0), r.GetInt32(1), r.GetInt64(2));
                if (series != key)
                {
                    series = key;
                    previous = null;
                }

                var first = r.GetDouble(4);
                var last = r.GetDouble(5);
                var energy = Math.Max(0, last - (previous ?? first));
                previous = last;
                quarter(new ConnectorQuarterEnergy(key.Item1, key.Item2, StoredTime.FromDb(r.GetInt64(3)), energy));
            }

            return true;
        }, ct);
    }
}
