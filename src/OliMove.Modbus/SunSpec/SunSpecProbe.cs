namespace OliMove.Modbus.SunSpec;

/// <summary>
/// The commissioning check behind <c>olimove-edge pv probe --host H --port P --unit U</c>: connects, finds the
/// SunSpec map and reads identity and production once, or says precisely why it could not.
/// </summary>
public sealed class SunSpecProbe
{
    /// <summary>Unit ids tried when the given one gets no answer (SMA 126, SolarEdge and Fronius 1).</summary>
    public static readonly IReadOnlyList<byte> CommonUnitIds = [1, 126, 2];

    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;

    public SunSpecProbe(TimeProvider timeProvider, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _timeout = timeout ?? TimeSpan.FromSeconds(3);
    }

    public async Task<SunSpecProbeReport> ProbeAsync(string host, int port, byte unitId, CancellationToken cancellationToken = default)
    {
        var report = new SunSpecProbeReport(host, port, unitId, SunSpecProbeOutcome.Found, null, null, null, null, null, null);
        if (string.IsNullOrWhiteSpace(host) || port is < 1 or > 65535)
        {
            return report with
            {
                Outcome = SunSpecProbeOutcome.HostUnreachable,
                Reason = string.IsNullOrWhiteSpace(host) ? "no host given" : $"port {port} is not a TCP port (1..65535)",
                Hint = "give --host and --port (Modbus TCP is usually 502; SolarEdge 1502)",
            };
        }

        await using var client = NewClient(host, port);
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ModbusTransportException ex)
        {
            return report with { Outcome = ConnectOutcome(ex.Failure), Reason = ex.Message, Hint = ConnectHint(ex.Failure) };
        }

        var reader = new SunSpecReader(client, unitId);
        try
        {
            report = report with { Map = await reader.DiscoverAsync(cancellationToken).ConfigureAwait(false) };
            report = report with { Common = await reader.ReadCommonAsync(cancellationToken).ConfigureAwait(false) };
            if (report.Map.FindInverter() is not null)
            {
                report = report with { Inverter = await reader.ReadInverterAsync(cancellationToken).ConfigureAwait(false) };
            }

            report = report with { Nameplate = await reader.ReadNameplateAsync(cancellationToken).ConfigureAwait(false) };
            return report.Inverter is null
                ? report with
                {
                    Outcome = SunSpecProbeOutcome.DeviceError,
                    Reason = "the SunSpec map has no inverter model (101/102/103/111/112/113)",
                    Hint = "this may be a meter or battery; point the probe at the inverter or enable its inverter models",
                }
                : report;
        }
        catch (ModbusException ex) when (ex.IsGatewayError)
        {
            return report with
            {
                Outcome = SunSpecProbeOutcome.WrongUnitId,
                Reason = $"the gateway at {host}:{port} reports no device at unit {unitId} ({ex.Message})",
                Hint = "check the inverter's Modbus unit id (SMA: 126, SolarEdge and Fronius: 1)",
            };
        }
        catch (ModbusException ex)
        {
            return report with { Outcome = SunSpecProbeOutcome.DeviceError, Reason = ex.Message, Hint = "the device answered but refused the read" };
        }
        catch (SunSpecException ex) when (report.Map is null)
        {
            return report with
            {
                Outcome = SunSpecProbeOutcome.NoSunSpec,
                Reason = $"unit {unitId} answers Modbus, but {ex.Message}",
                Hint = "not a SunSpec device, or SunSpec/Modbus TCP is switched off in the inverter's settings",
            };
        }
        catch (SunSpecException ex)
        {
            return report with { Outcome = SunSpecProbeOutcome.DeviceError, Reason = ex.Message, Hint = "the SunSpec map is malformed" };
        }
        catch (ModbusTransportException ex) when (ex.Failure == ModbusTransportFailure.Timeout && report.Map is null)
        {
            var answering = await FindAnsweringUnitAsync(host, port, unitId, cancellationToken).ConfigureAwait(false);
            return answering is { } other
                ? report with
                {
                    Outcome = SunSpecProbeOutcome.WrongUnitId,
                    Reason = $"no answer on unit {unitId}, but unit {other} answers",
                    Hint = $"use --unit {other}",
                }
                : report with
                {
                    Outcome = SunSpecProbeOutcome.Timeout,
                    Reason = $"connected to {host}:{port}, but no reply within {_timeout.TotalSeconds:0.#} s on unit {unitId} (nor on units {string.Join(", ", CommonUnitIds.Where(u => u != unitId))})",
                    Hint = "the unit id may be unusual, or the device is busy or serves another client; check its Modbus TCP settings",
                };
        }
        catch (ModbusTransportException ex)
        {
            return report with
            {
                Outcome = ex.Failure == ModbusTransportFailure.Timeout ? SunSpecProbeOutcome.Timeout : SunSpecProbeOutcome.DeviceError,
                Reason = ex.Message,
                Hint = "the device stopped answering mid-probe; retry, and check that no other client holds its only connection",
            };
        }
    }

    private async Task<byte?> FindAnsweringUnitAsync(string host, int port, byte triedUnit, CancellationToken cancellationToken)
    {
        foreach (var unit in CommonUnitIds.Where(u => u != triedUnit))
        {
            // A fresh connection per candidate: after a timeout the old one cannot be trusted.
            await using var client = NewClient(host, port);
            try
            {
                await client.ReadHoldingRegistersAsync(unit, 40000, 2, cancellationToken).ConfigureAwait(false);
                return unit;
            }
            catch (ModbusException ex) when (!ex.IsGatewayError)
            {
                return unit; // Refusing the address still proves a device listens on this unit.
            }
            catch (Exception ex) when (ex is ModbusException or ModbusTransportException)
            {
                // Not this one either.
            }
        }

        return null;
    }

    private ModbusTcpClient NewClient(string host, int port) => new(
        new ModbusTcpClientOptions { Host = host, Port = port, Timeout = _timeout, InitialBackoff = TimeSpan.Zero, MaxBackoff = TimeSpan.Zero },
        _timeProvider);

    private static SunSpecProbeOutcome ConnectOutcome(ModbusTransportFailure failure) => failure switch
    {
        ModbusTransportFailure.ConnectionRefused => SunSpecProbeOutcome.ConnectionRefused,
        ModbusTransportFailure.Timeout => SunSpecProbeOutcome.Timeout,
        _ => SunSpecProbeOutcome.HostUnreachable,
    };

    private static string ConnectHint(ModbusTransportFailure failure) => failure switch
    {
        ModbusTransportFailure.ConnectionRefused =>
            "wrong port, or Modbus TCP is disabled on the device (usual ports: 502; SolarEdge 1502)",
        ModbusTransportFailure.Timeout =>
            "the host does not accept the connection: check the IP address, the network and any firewall",
        _ => "check the host name or IP address and the network route",
    };
}
