using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using OliMove.Modbus.SunSpec;

namespace OliMove.Modbus.Tests;

public sealed class ModbusTcpClientTests
{
    [Fact]
    public async Task Reads_holding_registers_over_tcp()
    {
        await using var h = SimulatorHarness.Start();

        var marker = await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2);

        marker.Should().Equal(SunSpecValueCodec.MarkerHigh, SunSpecValueCodec.MarkerLow);
    }

    [Fact]
    public async Task Input_registers_fc4_are_served_too()
    {
        await using var h = SimulatorHarness.Start();

        var marker = await h.Client.ReadInputRegistersAsync(h.UnitId, 40000, 2);

        marker.Should().Equal(SunSpecValueCodec.MarkerHigh, SunSpecValueCodec.MarkerLow);
    }

    [Fact]
    public async Task Exception_response_is_a_typed_error_and_the_connection_stays_usable()
    {
        await using var h = SimulatorHarness.Start();

        var act = () => h.Client.ReadHoldingRegistersAsync(h.UnitId, 1000, 2);

        var error = (await act.Should().ThrowAsync<ModbusException>()).Which;
        error.ExceptionCode.Should().Be(ModbusExceptionCode.IllegalDataAddress);
        error.FunctionCode.Should().Be(ModbusFunctionCode.ReadHoldingRegisters);
        h.Client.IsConnected.Should().BeTrue();
        (await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Writing_a_read_only_register_is_refused_with_illegal_address()
    {
        await using var h = SimulatorHarness.Start();

        var act = () => h.Client.WriteSingleRegisterAsync(h.UnitId, 40000, 1);

        (await act.Should().ThrowAsync<ModbusException>()).Which.ExceptionCode.Should().Be(ModbusExceptionCode.IllegalDataAddress);
        (await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 1))[0].Should().Be(SunSpecValueCodec.MarkerHigh);
    }

    [Fact]
    public async Task Assembles_a_reply_that_arrives_in_pieces()
    {
        await using var h = SimulatorHarness.Start();
        var whole = await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 70);
        h.Simulator.SplitReplies = true;

        var pieced = await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 70);

        pieced.Should().Equal(whole);
    }

    [Fact]
    public async Task Splits_reads_longer_than_125_registers()
    {
        await using var h = SimulatorHarness.Start();
        var before = h.Simulator.RequestCount;

        var registers = await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 170);

        h.Simulator.RequestCount.Should().Be(before + 2);
        registers.Should().HaveCount(170);
        registers[0].Should().Be(SunSpecValueCodec.MarkerHigh);
        registers[126].Should().Be(h.Simulator.Registers[40126]);
        registers[169].Should().Be(h.Simulator.Registers[40169]);
    }

    [Fact]
    public async Task Concurrent_callers_each_get_their_own_reply()
    {
        await using var h = SimulatorHarness.Start();
        h.Simulator.SplitReplies = true;
        var addresses = Enumerable.Range(0, 12).Select(i => (ushort)(40000 + (i * 10))).ToArray();

        var replies = await Task.WhenAll(addresses.Select(a => h.Client.ReadHoldingRegistersAsync(h.UnitId, a, 4)));

        for (var i = 0; i < addresses.Length; i++)
        {
            replies[i][0].Should().Be(h.Simulator.Registers[addresses[i]], $"reply {i} belongs to address {addresses[i]}");
        }
    }

    [Fact]
    public async Task Write_multiple_registers_fc16_then_read_back()
    {
        await using var h = SimulatorHarness.Start();
        var limitAddress = (ushort)(h.Simulator.Registers.ControlsAddress + 5);

        await h.Client.WriteMultipleRegistersAsync(h.UnitId, limitAddress, [42, 0, 120]);

        (await h.Client.ReadHoldingRegistersAsync(h.UnitId, limitAddress, 3)).Should().Equal(42, 0, 120);
    }

    [Fact]
    public async Task Times_out_on_a_silent_server_then_reconnects_when_it_answers_again()
    {
        // A timeout and the longest back-off the harness allows (1 s) that hold on a loaded machine: a normal read answers
        // within the timeout, and the "too soon" attempt below is too soon also when the machine stalls.
        await using var h = SimulatorHarness.Start(timeout: TimeSpan.FromSeconds(3), initialBackoff: TimeSpan.FromSeconds(1));
        await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2);
        h.Simulator.Hang = true;

        var hung = () => h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2);
        (await hung.Should().ThrowAsync<ModbusTransportException>()).Which.Failure.Should().Be(ModbusTransportFailure.Timeout);
        h.Client.IsConnected.Should().BeFalse("a late reply must not be taken for the next request");

        h.Simulator.Hang = false;
        var tooSoon = () => h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2);
        (await tooSoon.Should().ThrowAsync<ModbusTransportException>()).Which.Failure.Should().Be(ModbusTransportFailure.BackingOff);

        await Task.Delay(h.Client.RetryNotBefore - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(20));
        var marker = await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2);

        marker[0].Should().Be(SunSpecValueCodec.MarkerHigh);
        h.Client.RetryNotBefore.Should().Be(DateTimeOffset.MinValue);
    }

    [Fact]
    public async Task Backoff_doubles_per_consecutive_failure_up_to_the_maximum_on_the_injected_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var client = new ModbusTcpClient(
            new ModbusTcpClientOptions { Host = "127.0.0.1", Port = FreePort(), InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(5) },
            clock);
        var waits = new List<TimeSpan>();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            (await CatchAsync(() => client.ReadHoldingRegistersAsync(1, 40000, 2))).Failure.Should().Be(ModbusTransportFailure.ConnectionRefused);
            waits.Add(client.RetryNotBefore - clock.GetUtcNow());
            (await CatchAsync(() => client.ReadHoldingRegistersAsync(1, 40000, 2))).Failure.Should().Be(ModbusTransportFailure.BackingOff);
            clock.Advance(waits[^1]);
        }

        waits.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_request_refused_while_backing_off_names_the_failure_that_started_the_back_off()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var port = FreePort();
        await using var client = new ModbusTcpClient(
            new ModbusTcpClientOptions { Host = "127.0.0.1", Port = port, InitialBackoff = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromSeconds(5) },
            clock);
        (await CatchAsync(() => client.ReadHoldingRegistersAsync(1, 40000, 2))).Failure.Should().Be(ModbusTransportFailure.ConnectionRefused);

        var backingOff = await CatchAsync(() => client.ReadHoldingRegistersAsync(1, 40000, 2));

        backingOff.Failure.Should().Be(ModbusTransportFailure.BackingOff);
        backingOff.Message.Should().Be($"127.0.0.1:{port}: connection refused (nothing listens on that port); backing off, next attempt at {clock.GetUtcNow().AddSeconds(5):O}");
    }

    [Fact]
    public async Task Reconnects_after_the_server_drops_the_connection()
    {
        await using var h = SimulatorHarness.Start(initialBackoff: TimeSpan.Zero);
        await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2);
        h.Simulator.DropConnections();

        var lost = await CatchAsync(() => h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2));
        var marker = await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2);

        lost.Failure.Should().Be(ModbusTransportFailure.ConnectionLost);
        marker[0].Should().Be(SunSpecValueCodec.MarkerHigh);
    }

    [Fact]
    public async Task Connection_refused_is_reported_as_such()
    {
        var port = FreePort();
        await using var client = new ModbusTcpClient(new ModbusTcpClientOptions { Host = "127.0.0.1", Port = port }, TimeProvider.System);

        var error = await CatchAsync(() => client.ReadHoldingRegistersAsync(1, 40000, 2));

        error.Failure.Should().Be(ModbusTransportFailure.ConnectionRefused);
        error.Message.Should().Contain($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task A_wrong_unit_id_behind_a_gateway_gets_a_gateway_exception()
    {
        await using var h = SimulatorHarness.Start();

        var act = () => h.Client.ReadHoldingRegistersAsync(99, 40000, 2);

        (await act.Should().ThrowAsync<ModbusException>()).Which.IsGatewayError.Should().BeTrue();
    }

    [Fact]
    public async Task Caller_cancellation_closes_the_connection_without_backoff()
    {
        await using var h = SimulatorHarness.Start();
        await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2);
        h.Simulator.Hang = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var act = () => h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        h.Client.IsConnected.Should().BeFalse();
        h.Client.RetryNotBefore.Should().Be(DateTimeOffset.MinValue);
        h.Simulator.Hang = false;
        (await h.Client.ReadHoldingRegistersAsync(h.UnitId, 40000, 2))[0].Should().Be(SunSpecValueCodec.MarkerHigh);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Rejects_a_read_of_no_registers(int count)
    {
        await using var client = new ModbusTcpClient(new ModbusTcpClientOptions { Host = "127.0.0.1", Port = 1 }, TimeProvider.System);

        var act = () => client.ReadHoldingRegistersAsync(1, 0, count);

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Rejects_a_read_past_address_65535()
    {
        await using var client = new ModbusTcpClient(new ModbusTcpClientOptions { Host = "127.0.0.1", Port = 1 }, TimeProvider.System);

        var act = () => client.ReadHoldingRegistersAsync(1, 65535, 2);

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<ModbusTransportException> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ModbusTransportException ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException("expected a ModbusTransportException");
    }
}
