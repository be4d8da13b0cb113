using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OliMove.Bench.UpstreamLoad;

/// <summary>
/// The CPO's backend: tools/ocpp-reference/recording-backend.js (npm ocpp-rpc RPCServer, strict mode) as a child
/// process on 127.0.0.1, recording nothing to disk (no --log) so that its own cost stays small. Stopped by its pid.
/// </summary>
public sealed class BackendProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<int, TaskCompletionSource<JsonElement>> _replies = [];
    private int _nextCommand;

    private BackendProcess(string script, int port)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"backend: {e.Data}");
            }
        };
    }

    public int Id => _process.Id;

    public static async Task<BackendProcess> StartAsync(string script, int port)
    {
        var backend = new BackendProcess(script, port);
        backend._process.Start();
        backend._process.BeginOutputReadLine();
        backend._process.BeginErrorReadLine();
        await backend._listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return backend;
    }

    /// <summary>Identities connected to the backend now (the edge's upstream links).</summary>
    public async Task<int> ConnectedAsync()
    {
        var reply = await CommandAsync("{\"connected\":true");
        return reply.GetProperty("identities").GetArrayLength();
    }

    public long RssBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task<JsonElement> CommandAsync(string openObject)
    {
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_replies)
        {
            id = ++_nextCommand;
            _replies[id] = reply;
        }
        await _process.StandardInput.WriteLineAsync($"{openObject},\"id\":{id}}}");
        await _process.StandardInput.FlushAsync();
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (line.StartsWith("listening ", StringComparison.Ordinal))
        {
            _listening.TrySetResult(int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture));
        }
        else if (line.StartsWith("reply ", StringComparison.Ordinal))
        {
            var reply = JsonDocument.Parse(line["reply ".Length..]).RootElement.Clone();
            TaskCompletionSource<JsonElement>? waiting;
            lock (_replies)
            {
                _replies.Remove(reply.GetProperty("id").GetInt32(), out waiting);
            }
            waiting?.TrySetResult(reply);
        }
    }
}
