namespace OliMove.Storage;

/// <summary>
/// Energy register readings per connector and 15-minute quarter, read from the raw meter values: what the billing
/// period's peak 15-minute draw is computed from (docs/prices.md). Raw values stay
/// <c>Retention.RawMeterValueDays</c> (35 by default), longer than a monthly billing period.
/// </summary>
public sealed class QuarterRegisterRepository(EdgeDatabase db)
{
    private const long QuarterMillis = 15 * 60 * 1000;

    /// <summary>Per connector and quarter starting in [<paramref name="from"/>, <paramref name="to"/>), the highest
    /// reading (registers only rise within a meter), ordered by connector and time.</summary>
    public Task<IReadOnlyList<ConnectorQuarterRegister>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<ConnectorQuarterRegister>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT charge_point_id, connector_id, (sampled_at / $q) * $q AS quarter,
                       MAX(CASE unit WHEN 'kWh' THEN value * 1000 ELSE value END)
                FROM meter_values
                WHERE measurand = $register AND phase = '' AND sampled_at >= $from AND sampled_at < $to
                GROUP BY charge_point_id, connector_id, quarter
                ORDER BY charge_point_id, connector_id, quarter;
                """;
            command.Parameters.AddWithValue("$q", QuarterMillis);
            command.Parameters.AddWithValue("$register", MeterValueRepository.EnergyRegisterMeasurand);
            command.Parameters.AddWithValue("$from", StoredTime.ToDb(from));
            command.Parameters.AddWithValue("$to", StoredTime.ToDb(to));
            var rows = new List<ConnectorQuarterRegister>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows.Add(new ConnectorQuarterRegister(r.GetString(0), r.GetInt32(1), StoredTime.FromDb(r.GetInt64(2)), r.GetDouble(3)));
            return rows;
        }, ct);
}
