using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OliMove.Edge.Testing;

namespace OliMove.Edge.Tests.Upstream;

/// <summary>
/// The CPO's backend for the upstream tests: tools/ocpp-reference/recording-backend.js (the independent npm
/// ocpp-rpc server, strict mode) as a child process on 127.0.0.1. Every CALL it receives is a JSON line in its
/// log file, which outlives a stop and restart of the backend; commands go over its stdin.
/// </summary>
public sealed class RecordingBackend : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _replies = new();
    private Process _process;
    private int _nextCommand;

    private RecordingBackend(Process process, int port, string logFile)
    {
        _process = process;
        Port = port;
        LogFile = logFile;
    }

    public int Port { get; }

    public string LogFile { get; }

    public Uri Url => new($"ws://127.0.0.1:{Port}/ocpp");

    public static async Task<RecordingBackend> StartAsync(string logFile, int port = 0, string mode = "normal", int firstTransactionId = 100_000)
    {
        var (process, actual) = await LaunchAsync(logFile, port, mode, firstTransactionId);
        var backend = new RecordingBackend(process, actual, logFile);
        backend.ReadReplies(process);
        return backend;
    }

    /// <summary>Stops the backend (kill, as an outage) and keeps its log.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts it again on the same port, handing out transaction ids from <paramref name="firstTransactionId"/>.</summary>
    public async Task RestartAsync(int firstTransactionId, string mode = "normal")
    {
        await StopAsync();
        _process.Dispose();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                (_process, _) = await LaunchAsync(LogFile, Port, mode, firstTransactionId);
                break;
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                await Task.Delay(200);
            }
        }
        ReadReplies(_process);
    }

    /// <summary>Every CALL the backend received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedCall> Received()
    {
        if (!File.Exists(LogFile))
        {
            return [];
        }
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var calls = new List<ReceivedCall>();
        while (reader.ReadLine() is { } line)
        {
            if (line.EndsWith('}') && JsonNode.Parse(line) is JsonObject o)
            {
                calls.Add(new ReceivedCall(o["identity"]!.GetValue<string>(), o["action"]!.GetValue<string>(), o["params"]!.AsObject(), o["reply"]));
            }
        }
        return calls;
    }

    /// <summary>Sends a CALL to a charger through its upstream connection; the charger's answer, or throws
    /// with the backend's error text (e.g. a CALLERROR code).</summary>
    public async Task<JsonObject> CallAsync(string chargePointId, string action, object parameters)
    {
        var reply = await CommandAsync(new JsonObject
        {
            ["call"] = chargePointId,
            ["action"] = action,
            ["params"] = JsonSerializer.SerializeToNode(parameters),
        });
        return reply["error"] is { } error
            ? throw new InvalidOperationException(error.GetValue<string>())
            : reply["result"]!.AsObject();
    }

    public Task SetModeAsync(string mode) => CommandAsync(new JsonObject { ["mode"] = mode });

    public async Task<IReadOnlyList<string>> ConnectedAsync()
    {
        var reply = await CommandAsync(new JsonObject { ["connected"] = true });
        return reply["identities"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private async Task<JsonObject> CommandAsync(JsonObject command)
    {
        var id = Interlocked.Increment(ref _nextCommand);
        command["id"] = id;
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _replies[id] = reply;
        await _process.StandardInput.WriteLineAsync(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private void ReadReplies(Process process) => _ = Task.Run(async () =>
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("reply ", StringComparison.Ordinal) && JsonNode.Parse(line["reply ".Length..]) is JsonObject reply
                && reply["id"]?.GetValue<int>() is { } id && _replies.TryRemove(id, out var waiter))
            {
                waiter.TrySetResult(reply);
            }
        }
    });

    private static async Task<(Process Process, int Port)> LaunchAsync(string logFile, int port, string mode, int firstTransactionId)
    {
        var script = Path.Combine(EdgeTestHost.RepoRoot(), "tools", "ocpp-reference", "recording-backend.js");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { script, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log", logFile,
                     "--mode", mode, "--first-tx", firstTransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start)!;
        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (first is null || !first.StartsWith("listening ", StringComparison.Ordinal))
        {
            var error = await process.StandardError.ReadToEndAsync();
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the recording backend did not start: {first} {error}");
        }
        return (process, int.Parse(first["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
