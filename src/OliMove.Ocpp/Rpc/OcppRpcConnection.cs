using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;

namespace OliMove.Ocpp.Rpc;

/// <summary>
/// One OCPP-J RPC connection over a WebSocket, for either side. Incoming CALLs are answered in arrival order;
/// outgoing CALLs go one at a time (OCPP-J 1.6 §4.1.1: at most one outstanding CALL per direction), the others
/// wait their turn; a reply is matched to its CALL by message id; calls of both sides may cross (errata 3.5).
/// </summary>
public sealed class OcppRpcConnection : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly OcppCallDispatcher _dispatcher;
    private readonly OcppSchemaSet _schemas;
    private readonly OcppRpcOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _callSlot = new(1, 1);
    private readonly SemaphoreSlim _answerLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _pendingLock = new();
    private readonly string _idPrefix = Guid.NewGuid().ToString("N")[..8];
    private (string Id, TaskCompletionSource<OcppFrame> Reply)? _pending;
    private long _nextId;
    private volatile bool _closed;

    public OcppRpcConnection(string peerId, WebSocket socket, OcppCallDispatcher dispatcher, OcppSchemaSet schemas,
        OcppRpcOptions options, TimeProvider time, ILogger logger)
    {
        PeerId = peerId;
        _socket = socket;
        _dispatcher = dispatcher;
        _schemas = schemas;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string PeerId { get; }

    public bool IsOpen => !_closed && _socket.State == WebSocketState.Open;

    /// <summary>Reads and answers frames until the peer closes, the socket fails, or <see cref="CloseAsync"/>.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        var token = linked.Token;
        byte[]? drain = null;
        try
        {
            while (_socket.State == WebSocketState.Open && !token.IsCancellationRequested)
            {
                // Wait for the next message with no buffer (a zero-byte read): a connection between messages holds
                // none, and the pooled buffer is rented only while a message is read (decision 0373).
                var received = await _socket.ReceiveAsync(Memory<byte>.Empty, token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await CloseQuietlyAsync(WebSocketCloseStatus.NormalClosure, "closed by peer");
                    return;
                }
                // Start each message with a small pooled buffer and grow it up to the frame limit.
                byte[]? buffer = ArrayPool<byte>.Shared.Rent(Math.Min(4096, _options.MaxFrameBytes));
                try
                {
                    var count = 0;
                    var oversized = false;
                    while (!received.EndOfMessage)
                    {
                        if (count == buffer.Length && buffer.Length < _options.MaxFrameBytes)
                        {
                            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 4, _options.MaxFrameBytes));
                            buffer.AsSpan(0, count).CopyTo(larger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }
                        var room = Math.Min(buffer.Length, _options.MaxFrameBytes) - count;
                        if (room > 0)
                        {
                            received = await _socket.ReceiveAsync(buffer.AsMemory(count, room), token);
                            count += received.Count;
                        }
                        else
                        {
                            // Drain the rest of an oversized frame without keeping it.
                            oversized = true;
                            drain ??= new byte[4096];
                            received = await _socket.ReceiveAsync(drain.AsMemory(), token);
                        }
                        if (received.MessageType == WebSocketMessageType.Close)
                        {
                            await CloseQuietlyAsync(WebSocketCloseStatus.NormalClosure, "closed by peer");
                            return;
                        }
                    }

                    if (received.MessageType != WebSocketMessageType.Text)
                    {
                        _logger.LogDebug("Ignored a binary frame from {PeerId}; OCPP-J uses text frames", PeerId);
                        continue;
                    }
                    // Read what the frame says, then give the buffer back before answering: the answer waits for
                    // storage, and the buffer is not needed for it.
                    var typed = oversized ? null : OcppTypedCallReader.TryRead(buffer.AsSpan(0, count));
                    var text = typed is null ? Encoding.UTF8.GetString(buffer, 0, count) : null;
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                    if (typed is not null)
                    {
                        // The frequent frames are read in one pass from the bytes (decision 0330).
                        await HandleAsync(OcppFrameParseResult.Parsed(typed), token);
                        continue;
                    }
                    if (oversized)
                    {
                        await RejectOversizedAsync(text!, token);
                        continue;
                    }
                    await HandleAsync(OcppFrameReader.Parse(text!), token);
                }
                finally
                {
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or OcppConnectionClosedException)
        {
            // Closed by us, aborted, or the network is gone: the connection is over either way.
            _logger.LogDebug(e, "Connection of {PeerId} ended", PeerId);
        }
        finally
        {
            MarkClosed();
            _finished.TrySetResult();
        }
    }

    /// <summary>Sends a CALL of the request's action and awaits its reply. Waits while another of our CALLs is
    /// outstanding; throws <see cref="OcppCallTimeoutException"/>, <see cref="OcppCallErrorException"/> or
    /// <see cref="OcppConnectionClosedException"/>.</summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(IOcppRequest<TRequest, TResponse> request, CancellationToken ct = default)
        where TRequest : IOcppRequest<TRequest, TResponse>
        where TResponse : notnull =>
        OcppJson.FromPayload<TResponse>(await CallAsync(TRequest.Action, OcppJson.ToPayload(request), ct));

    /// <summary>Sends a CALL by action name with its payload as it is, as <see cref="CallAsync{TRequest,TResponse}"/>
    /// does: for a forwarder or a replayed queue, which hold actions they do not interpret.</summary>
    public async Task<JObject> CallAsync(string action, JObject payload, CancellationToken ct = default)
    {
        await _callSlot.WaitAsync(ct);
        try
        {
            if (!IsOpen)
            {
                throw new OcppConnectionClosedException(PeerId);
            }
            if (_options.ValidateOutgoing && _schemas.FindRequest(action) is { } schema
                && OcppPayloadValidator.Validate(schema, payload) is { } invalid)
            {
                throw new ArgumentException($"{action} request breaks its schema: {invalid.ErrorCode} {invalid.Description}", nameof(payload));
            }
            var id = _idPrefix + "-" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
            var reply = new TaskCompletionSource<OcppFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_pendingLock)
            {
                _pending = (id, reply);
            }
            OcppFrame frame;
            try
            {
                await SendAsync(OcppFrameWriter.WriteCall(id, action, payload), ct);
                frame = await reply.Task.WaitAsync(_options.CallTimeout, _time, ct);
            }
            catch (TimeoutException)
            {
                _logger.LogWarning("{Action} to {PeerId} timed out after {Timeout}", action, PeerId, _options.CallTimeout);
                throw new OcppCallTimeoutException(action, _options.CallTimeout);
            }
            finally
            {
                lock (_pendingLock)
                {
                    if (_pending?.Id == id)
                    {
                        _pending = null;
                    }
                }
            }
            if (frame is OcppCallError error)
            {
                throw new OcppCallErrorException(error.ErrorCode, error.ErrorDescription);
            }
            var result = (OcppCallResult)frame;
            if (_schemas.FindResponse(action) is { } responseSchema
                && OcppPayloadValidator.Validate(responseSchema, result.Payload) is { } bad)
            {
                throw new OcppInvalidReplyException(bad.ErrorCode, $"the {action} reply breaks its schema: {bad.Description}");
            }
            return result.Payload;
        }
        finally
        {
            _callSlot.Release();
        }
    }

    /// <summary>Closes the connection (e.g. when a second connection replaces it) and fails a pending CALL.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        MarkClosed();
        await CloseQuietlyAsync(status, reason);
        // Give the peer a moment to answer the close handshake (the receive loop then ends by itself); a peer
        // that does not answer is cut off. A network grace period, so real time, not the injected clock.
        await Task.WhenAny(_finished.Task, Task.Delay(TimeSpan.FromSeconds(2)));
        await _stop.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(WebSocketCloseStatus.NormalClosure, "disposed");
        _socket.Dispose();
    }

    private async Task HandleAsync(OcppFrameParseResult parsed, CancellationToken ct)
    {
        switch (parsed)
        {
            case { Error: { } error }:
                await SendAsync(OcppFrameWriter.WriteCallError(error), ct);
                break;
            case { Frame: OcppCall call } when _options.ReadWhileAnswering:
                _ = AnswerInOrderAsync(call, ct);
                break;
            case { Frame: OcppCall call }:
                await AnswerAsync(call, ct);
                break;
            case { Frame: { } response }:
                CompletePending(response);
                break;
            default:
                _logger.LogDebug("Ignored a frame from {PeerId}: {Reason}", PeerId, parsed.IgnoredReason);
                break;
        }
    }

    private async Task AnswerAsync(OcppCall call, CancellationToken ct)
    {
        var context = new OcppCallContext(PeerId, call);
        await SendAsync(await _dispatcher.DispatchAsync(context, ct), ct);
        foreach (var action in context.AfterReply)
        {
            _ = RunAfterReplyAsync(action, call.Action);
        }
    }

    private async Task AnswerInOrderAsync(OcppCall call, CancellationToken ct)
    {
        try
        {
            await _answerLock.WaitAsync(ct);
            try
            {
                await AnswerAsync(call, ct);
            }
            finally
            {
                _answerLock.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or OcppConnectionClosedException)
        {
            _logger.LogDebug("The answer to {Action} from {PeerId} was not sent: the connection ended", call.Action, PeerId);
        }
    }

    private async Task RejectOversizedAsync(string head, CancellationToken ct)
    {
        var id = OcppFrameReader.TryReadCallId(head);
        if (id is null && OcppFrameReader.Parse(head).IgnoredReason is not null)
        {
            _logger.LogWarning("Ignored an oversized response from {PeerId}", PeerId);
            return;
        }
        await SendAsync(OcppFrameWriter.WriteCallError(new OcppCallError(id ?? OcppFrameReader.UnknownMessageId,
            OcppErrorCode.FormationViolation, $"frame exceeds {_options.MaxFrameBytes} bytes", [])), ct);
    }

    private void CompletePending(OcppFrame response)
    {
        lock (_pendingLock)
        {
            if (_pending is { } pending && pending.Id == response.MessageId)
            {
                _pending = null;
                pending.Reply.TrySetResult(response);
                return;
            }
        }
        _logger.LogDebug("Ignored a reply from {PeerId} to unknown message id {MessageId}", PeerId, response.MessageId);
    }

    private async Task RunAfterReplyAsync(Func<Task> action, string callAction)
    {
        try
        {
            await action();
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Follow-up of {Action} for {PeerId} failed", callAction, PeerId);
        }
    }

    private async Task SendAsync(string text, CancellationToken ct)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        await _sendLock.WaitAsync(ct);
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            await _socket.SendAsync(bytes.AsMemory(0, length), WebSocketMessageType.Text, true, ct);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            MarkClosed();
            throw new OcppConnectionClosedException(PeerId);
        }
        finally
        {
            _sendLock.Release();
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private async Task CloseQuietlyAsync(WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(status, reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug(e, "Close of {PeerId} was not clean", PeerId);
        }
    }

    private void MarkClosed()
    {
        _closed = true;
        lock (_pendingLock)
        {
            _pending?.Reply.TrySetException(new OcppConnectionClosedException(PeerId));
            _pending = null;
        }
    }
}
