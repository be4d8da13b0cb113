using System.Buffers.Binary;
using System.Net.Sockets;

namespace OliMove.Modbus;

/// <summary>
/// A Modbus TCP client for one device connection. One request is in flight at a time: inverters accept few
/// clients and some answer out of order when pipelined. After a timeout, a broken frame or a lost connection
/// the socket is closed (a late reply must never be taken for the next request's) and reconnecting waits an
/// exponential back-off; while backing off, requests fail at once with <see cref="ModbusTransportFailure.BackingOff"/>
/// so a poller does not pile up waiting calls.
/// </summary>
public sealed class ModbusTcpClient : IAsyncDisposable
{
    private readonly ModbusTcpClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TcpClient? _tcp;
    private NetworkStream? _stream;
    private ushort _lastTransactionId;
    private TimeSpan _backoff = TimeSpan.Zero;
    private DateTimeOffset _retryNotBefore = DateTimeOffset.MinValue;
    private string? _lastFailure;
    private bool _disposed;

    public ModbusTcpClient(ModbusTcpClientOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider;
    }

    public ModbusTcpClientOptions Options => _options;

    public bool IsConnected => _stream is not null;

    /// <summary>When the next connection attempt is allowed after a failure (MinValue when not backing off).</summary>
    public DateTimeOffset RetryNotBefore => _retryNotBefore;

    /// <summary>FC 3. Reads longer than 125 registers are split into several requests.</summary>
    public Task<ushort[]> ReadHoldingRegistersAsync(byte unitId, ushort address, int count, CancellationToken cancellationToken = default) =>
        ReadRegistersAsync(ModbusFunctionCode.ReadHoldingRegisters, unitId, address, count, cancellationToken);

    /// <summary>FC 4. Reads longer than 125 registers are split into several requests.</summary>
    public Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, int count, CancellationToken cancellationToken = default) =>
        ReadRegistersAsync(ModbusFunctionCode.ReadInputRegisters, unitId, address, count, cancellationToken);

    /// <summary>FC 6.</summary>
    public async Task WriteSingleRegisterAsync(byte unitId, ushort address, ushort value, CancellationToken cancellationToken = default)
    {
        var pdu = new byte[5];
        pdu[0] = ModbusFunctionCode.WriteSingleRegister;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), value);
        // §6.6: the normal response is an echo of the request.
        await ExchangeAsync(
            unitId,
            pdu,
            reply => reply.AsSpan().SequenceEqual(pdu) ? null : "write-single-register reply does not echo the request",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>FC 16. Writes longer than 123 registers are split into several requests.</summary>
    public async Task WriteMultipleRegistersAsync(byte unitId, ushort address, IReadOnlyList<ushort> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckRange(address, values.Count);
        for (var offset = 0; offset < values.Count; offset += ModbusFunctionCode.MaxWriteRegisters)
        {
            var chunk = Math.Min(ModbusFunctionCode.MaxWriteRegisters, values.Count - offset);
            var start = (ushort)(address + offset);
            var pdu = new byte[6 + (2 * chunk)];
            pdu[0] = ModbusFunctionCode.WriteMultipleRegisters;
            BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), start);
            BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), (ushort)chunk);
            pdu[5] = (byte)(2 * chunk);
            for (var i = 0; i < chunk; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(6 + (2 * i)), values[offset + i]);
            }

            // §6.12: the normal response echoes function code, starting address and quantity.
            await ExchangeAsync(
                unitId,
                pdu,
                reply => reply.Length == 5 && reply.AsSpan().SequenceEqual(pdu.AsSpan(0, 5)) ? null : "write-multiple-registers reply does not echo address and quantity",
                cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            Close();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ushort[]> ReadRegistersAsync(byte functionCode, byte unitId, ushort address, int count, CancellationToken cancellationToken)
    {
        CheckRange(address, count);
        var result = new ushort[count];
        for (var offset = 0; offset < count; offset += ModbusFunctionCode.MaxReadRegisters)
        {
            var chunk = Math.Min(ModbusFunctionCode.MaxReadRegisters, count - offset);
            var pdu = new byte[5];
            pdu[0] = functionCode;
            BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), (ushort)(address + offset));
            BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), (ushort)chunk);
            // §6.3: function code, byte count (2 x quantity), register values big-endian.
            var reply = await ExchangeAsync(
                unitId,
                pdu,
                r => r.Length == 2 + (2 * chunk) && r[1] == 2 * chunk ? null : $"read reply carries {r.Length - 2} data bytes for {chunk} registers requested",
                cancellationToken).ConfigureAwait(false);

            for (var i = 0; i < chunk; i++)
            {
                result[offset + i] = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(2 + (2 * i)));
            }
        }

        return result;
    }

    private static void CheckRange(ushort address, int count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "At least one register.");
        }

        if (address + count > 0x10000)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Registers {address}..{address + count - 1} run past address 65535.");
        }
    }

    /// <summary>
    /// Opens the connection now (it otherwise opens on the first request). A technician's probe uses it to tell
    /// "nothing listens" from "connected but no answer".
    /// </summary>
    public Task ConnectAsync(CancellationToken cancellationToken = default) =>
        GuardedAsync(async token => _stream ?? await OpenAsync(token).ConfigureAwait(false), cancellationToken);

    /// <summary>
    /// Sends one PDU and returns the reply PDU (function code first), or throws. <paramref name="checkReply"/> returns
    /// why a normal reply does not fit the request (null when it does); it runs under the gate so a bad reply closes
    /// the connection before anyone else can use it.
    /// </summary>
    private Task<byte[]> ExchangeAsync(byte unitId, byte[] requestPdu, Func<byte[], string?> checkReply, CancellationToken cancellationToken) =>
        GuardedAsync(
            async token =>
            {
                var stream = _stream ?? await OpenAsync(token).ConfigureAwait(false);
                var transactionId = unchecked(++_lastTransactionId);
                var frame = new byte[MbapHeader.Size + requestPdu.Length];
                new MbapHeader(transactionId, 0, (ushort)(requestPdu.Length + 1), unitId).Write(frame);
                requestPdu.CopyTo(frame, MbapHeader.Size);
                await stream.WriteAsync(frame, token).ConfigureAwait(false);

                var reply = await ReadReplyAsync(stream, transactionId, unitId, token).ConfigureAwait(false);
                if (reply[0] == (requestPdu[0] | ModbusFunctionCode.ExceptionFlag))
                {
                    if (reply.Length != 2)
                    {
                        throw Fail(ModbusTransportFailure.ProtocolViolation, "exception reply must carry exactly one exception code");
                    }

                    throw new ModbusException(unitId, requestPdu[0], (ModbusExceptionCode)reply[1]);
                }

                if (reply[0] != requestPdu[0])
                {
                    throw Fail(ModbusTransportFailure.ProtocolViolation, $"reply function 0x{reply[0]:X2} does not match request 0x{requestPdu[0]:X2}");
                }

                if (checkReply(reply) is { } mismatch)
                {
                    throw Fail(ModbusTransportFailure.ProtocolViolation, mismatch);
                }

                return reply;
            },
            cancellationToken);

    /// <summary>
    /// Runs one step on the connection under the gate, the back-off check and the timeout, and turns socket
    /// failures into <see cref="ModbusTransportException"/>s. Any reply (an exception response included) ends the back-off.
    /// </summary>
    private async Task<T> GuardedAsync<T>(Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _timeProvider.GetUtcNow();
            if (_stream is null && now < _retryNotBefore)
            {
                // The failure that started the back-off goes with it: a poller shows this text, and "backing off" alone hides the cause.
                throw new ModbusTransportException(
                    ModbusTransportFailure.BackingOff,
                    $"{Endpoint}: {_lastFailure}; backing off, next attempt at {_retryNotBefore:O}");
            }

            using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                var result = await step(linked.Token).ConfigureAwait(false);
                _backoff = TimeSpan.Zero;
                _retryNotBefore = DateTimeOffset.MinValue;
                return result;
            }
            catch (ModbusException)
            {
                _backoff = TimeSpan.Zero;
                _retryNotBefore = DateTimeOffset.MinValue;
                throw;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                var what = _stream is null ? "could not connect" : "no complete reply";
                throw Fail(ModbusTransportFailure.Timeout, $"{what} within {_options.Timeout.TotalMilliseconds:0} ms");
            }
            catch (OperationCanceledException)
            {
                // The caller gave up: a reply may still be on its way, so this socket cannot be trusted for the next request.
                Close();
                throw;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                throw Fail(ModbusTransportFailure.ConnectionRefused, "connection refused (nothing listens on that port)", ex);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.HostNotFound or SocketError.HostUnreachable
                or SocketError.NetworkUnreachable or SocketError.NoData or SocketError.TryAgain)
            {
                throw Fail(ModbusTransportFailure.HostUnreachable, $"host unreachable ({ex.SocketErrorCode})", ex);
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
            {
                throw Fail(ModbusTransportFailure.ConnectionLost, $"connection lost ({ex.Message})", ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<NetworkStream> OpenAsync(CancellationToken cancellationToken)
    {
        Close();
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(_options.Host, _options.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        _tcp = tcp;
        _stream = tcp.GetStream();
        return _stream;
    }

    /// <summary>
    /// Reads the 7-byte header, then exactly Length-1 bytes, however the bytes are split across TCP segments.
    /// A reply for an older transaction (a device that answered late before a reconnect) is skipped.
    /// </summary>
    private async Task<byte[]> ReadReplyAsync(NetworkStream stream, ushort transactionId, byte unitId, CancellationToken cancellationToken)
    {
        var headerBytes = new byte[MbapHeader.Size];
        while (true)
        {
            await stream.ReadExactlyAsync(headerBytes, cancellationToken).ConfigureAwait(false);
            var header = MbapHeader.Read(headerBytes);
            if (!header.IsPlausible)
            {
                throw Fail(ModbusTransportFailure.ProtocolViolation, $"implausible MBAP header (protocol {header.ProtocolId}, length {header.Length})");
            }

            var pdu = new byte[header.PduLength];
            await stream.ReadExactlyAsync(pdu, cancellationToken).ConfigureAwait(false);
            if (header.TransactionId != transactionId)
            {
                continue;
            }

            if (header.UnitId != unitId)
            {
                throw Fail(ModbusTransportFailure.ProtocolViolation, $"reply from unit {header.UnitId}, request was for unit {unitId}");
            }

            return pdu;
        }
    }

    private string Endpoint => $"{_options.Host}:{_options.Port}";

    /// <summary>Closes the socket, schedules the next attempt with doubled back-off and builds the exception to throw.</summary>
    private ModbusTransportException Fail(ModbusTransportFailure failure, string reason, Exception? inner = null)
    {
        Close();
        _backoff = _backoff == TimeSpan.Zero
            ? _options.InitialBackoff
            : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        _retryNotBefore = _timeProvider.GetUtcNow() + _backoff;
        _lastFailure = reason;
        return new ModbusTransportException(failure, $"{Endpoint}: {reason}", inner);
    }

    private void Close()
    {
        _stream?.Dispose();
        _tcp?.Dispose();
        _stream = null;
        _tcp = null;
    }
}
