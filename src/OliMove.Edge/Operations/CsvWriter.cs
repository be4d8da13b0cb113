using System.Globalization;
using System.Text;

namespace OliMove.Edge.Operations;

/// <summary>
/// Writes CSV as RFC 4180 says: comma-separated, CRLF line ends, a field with a comma, a quote, CR or LF enclosed in
/// quotes with its quotes doubled. Rows go straight to the response stream (decision 0281); nothing is collected.
/// </summary>
public sealed class CsvWriter(Stream output) : IAsyncDisposable
{
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024) { NewLine = "\r\n" };

    public async Task WriteRowAsync(IReadOnlyList<string?> fields, CancellationToken ct)
    {
        var line = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append(Field(fields[i]));
        }

        line.Append("\r\n");
        await _writer.WriteAsync(line, ct);
    }

    public static string Field(string? value) =>
        value is null ? ""
        : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : value;

    public static string Number(double value, int decimals) => Math.Round(value, decimals).ToString($"0.{new string('#', decimals)}", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 in UTC with a Z, e.g. 2026-12-05T07:15:00Z.</summary>
    public static string Utc(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>ISO 8601 with the offset of the time as given (a site-local time), e.g. 2026-12-05T08:15:00+01:00.</summary>
    public static string Local(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) ?? "";

    public Task FlushAsync(CancellationToken ct) => _writer.FlushAsync(ct);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
