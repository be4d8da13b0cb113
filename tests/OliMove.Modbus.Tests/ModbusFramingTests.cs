namespace OliMove.Modbus.Tests;

/// <summary>The client against a peer that misbehaves on purpose (Modbus Messaging on TCP/IP §3.1.3, §4.4).</summary>
public sealed class ModbusFramingTests
{
    private static ModbusTcpClient ClientFor(ScriptedModbusServer server) => new(
        new ModbusTcpClientOptions { Host = "127.0.0.1", Port = server.Port, Timeout = TimeSpan.FromSeconds(5), InitialBackoff = TimeSpan.Zero },
        TimeProvider.System);

    [Fact]
    public async Task Skips_a_late_reply_to_an_earlier_transaction()
    {
        await using var server = new ScriptedModbusServer((h, _) =>
            [.. ScriptedModbusServer.Frame((ushort)(h.TransactionId - 1), h.UnitId, 0x03, 2, 0xDE, 0xAD),
             .. ScriptedModbusServer.Frame(h.TransactionId, h.UnitId, 0x03, 2, 0x12, 0x34)]);
        await using var client = ClientFor(server);

        var registers = await client.ReadHoldingRegistersAsync(1, 0, 1);

        registers.Should().Equal(0x1234);
    }

    [Fact]
    public async Task A_reply_from_another_unit_is_a_protocol_violation()
    {
        await using var server = new ScriptedModbusServer((h, _) => ScriptedModbusServer.Frame(h.TransactionId, 42, 0x03, 2, 0, 1));
        await using var client = ClientFor(server);

        var act = () => client.ReadHoldingRegistersAsync(1, 0, 1);

        (await act.Should().ThrowAsync<ModbusTransportException>()).Which.Failure.Should().Be(ModbusTransportFailure.ProtocolViolation);
        client.IsConnected.Should().BeFalse();
    }

    [Fact]
    public async Task A_non_modbus_protocol_id_is_a_protocol_violation()
    {
        await using var server = new ScriptedModbusServer((h, _) =>
        {
            var frame = ScriptedModbusServer.Frame(h.TransactionId, h.UnitId, 0x03, 2, 0, 1);
            frame[3] = 1;
            return frame;
        });
        await using var client = ClientFor(server);

        var act = () => client.ReadHoldingRegistersAsync(1, 0, 1);

        (await act.Should().ThrowAsync<ModbusTransportException>()).Which.Message.Should().Contain("implausible MBAP header");
    }

    [Fact]
    public async Task A_short_read_reply_is_a_protocol_violation()
    {
        await using var server = new ScriptedModbusServer((h, _) => ScriptedModbusServer.Frame(h.TransactionId, h.UnitId, 0x03, 2, 0, 1));
        await using var client = ClientFor(server);

        var act = () => client.ReadHoldingRegistersAsync(1, 0, 2);

        (await act.Should().ThrowAsync<ModbusTransportException>()).Which.Failure.Should().Be(ModbusTransportFailure.ProtocolViolation);
    }

    [Fact]
    public async Task Device_busy_comes_back_as_its_exception_code()
    {
        await using var server = new ScriptedModbusServer((h, pdu) => ScriptedModbusServer.Frame(h.TransactionId, h.UnitId, (byte)(pdu[0] | 0x80), 0x06));
        await using var client = ClientFor(server);

        var act = () => client.WriteSingleRegisterAsync(1, 10, 5);

        var error = (await act.Should().ThrowAsync<ModbusException>()).Which;
        error.ExceptionCode.Should().Be(ModbusExceptionCode.ServerDeviceBusy);
        error.FunctionCode.Should().Be(ModbusFunctionCode.WriteSingleRegister);
        error.Message.Should().Contain("server device busy");
    }

    [Fact]
    public async Task Sends_a_well_formed_fc16_request()
    {
        byte[]? seen = null;
        await using var server = new ScriptedModbusServer((h, pdu) =>
        {
            seen = pdu;
            return ScriptedModbusServer.Frame(h.TransactionId, h.UnitId, pdu[..5]);
        });
        await using var client = ClientFor(server);

        await client.WriteMultipleRegistersAsync(7, 0x9C4B, [0x0102, 0xA0B0]);

        seen.Should().Equal(0x10, 0x9C, 0x4B, 0x00, 0x02, 0x04, 0x01, 0x02, 0xA0, 0xB0);
    }
}
