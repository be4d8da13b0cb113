namespace OliMove.Modbus.Meters;

/// <summary>
/// Reads a non-SunSpec meter through the register map a technician declared in the site map. When every point
/// fits in one request's span (125 registers) they are read together, so the phases come from the same moment;
/// otherwise one request per point.
/// </summary>
public sealed class RegisterMapMeterReader : IMeterSource
{
    private readonly ModbusTcpClient _client;
    private readonly byte _unitId;
    private readonly MeterRegisterMap _map;

    public RegisterMapMeterReader(ModbusTcpClient client, byte unitId, MeterRegisterMap map)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(map);
        map.Validate();
        _client = client;
        _unitId = unitId;
        _map = map;
    }

    public async Task<MeterPowerReading> ReadPowerAsync(CancellationToken cancellationToken = default)
    {
        var points = _map.Points.ToList();
        var first = points.Min(p => p.Address);
        var end = points.Max(p => p.Address + p.RegisterCount);
        Func<MeterRegisterPoint, long?> decode;
        if (end - first <= MeterRegisterMap.MaxRegistersPerRequest)
        {
            var span = await ReadAsync(first, end - first, cancellationToken).ConfigureAwait(false);
            decode = p => p.Decode(span.AsSpan(p.Address - first, p.RegisterCount));
        }
        else
        {
            var values = new Dictionary<MeterRegisterPoint, long?>();
            foreach (var p in points)
            {
                values[p] = p.Decode(await ReadAsync(p.Address, p.RegisterCount, cancellationToken).ConfigureAwait(false));
            }

            decode = p => values[p];
        }

        var phases = _map.PhasePowerW.Select(decode).ToList();
        var total = _map.TotalPowerW is { } t ? decode(t)
            : phases.All(p => p is not null) ? phases.Sum(p => p!.Value) : null;
        return new MeterPowerReading(total, phases);
    }

    private Task<ushort[]> ReadAsync(int address, int count, CancellationToken cancellationToken) =>
        _map.Table == RegisterTable.Input
            ? _client.ReadInputRegistersAsync(_unitId, (ushort)address, count, cancellationToken)
            : _client.ReadHoldingRegistersAsync(_unitId, (ushort)address, count, cancellationToken);
}
