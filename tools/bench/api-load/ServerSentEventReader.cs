using System.Runtime.CompilerServices;
using System.Text;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// Reads a text/event-stream (WHATWG HTML, "Server-sent events"): fields up to a blank line make one event;
/// comment lines (": keep-alive") and retry/id fields are skipped. Ends when the server closes the stream.
/// </summary>
public static class ServerSentEventReader
{
    public static async IAsyncEnumerable<StreamEvent> ReadAsync(Stream stream, TimeProvider time, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var name = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return new StreamEvent(name, data.ToString(), time.GetUtcNow());
                }

                name = "message";
                data.Clear();
                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "data":
                    if (data.Length > 0)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    break;
            }
        }
    }
}
