using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OliMove.Storage;

/// <summary>
/// The sampled values of one charge point, connector, transaction and timestamp (to the stored millisecond): one row
/// of meter_readings, its values a JSON array of [measurand, phase, location, context, value, unit] (decision 0369).
/// Holds each replay key (measurand, phase, location, context) once, the first one given winning, as the per-value
/// INSERT OR IGNORE did.
/// </summary>
internal sealed class MeterReading
{
    private readonly List<MeterSample> _samples = new(8);

    private MeterReading(MeterSample first, long at)
    {
        ChargePointId = first.ChargePointId;
        ConnectorId = first.ConnectorId;
        TransactionId = first.TransactionId;
        At = at;
        Timestamp = first.Timestamp;
    }

    public string ChargePointId { get; }

    public int ConnectorId { get; }

    public long? TransactionId { get; }

    /// <summary>The timestamp as stored (Unix ms).</summary>
    public long At { get; }

    public DateTimeOffset Timestamp { get; }

    public IReadOnlyList<MeterSample> Samples => _samples;

    /// <summary>The samples grouped into readings, in the order their first sample came; duplicates dropped.</summary>
    public static List<MeterReading> Group(IReadOnlyList<MeterSample> samples)
    {
        // A MeterValues carries one or a few MeterValue elements (timestamps): a linear search beats a dictionary.
        var readings = new List<MeterReading>(1);
        foreach (var sample in samples)
        {
            var at = StoredTime.ToDb(sample.Timestamp);
            MeterReading? reading = null;
            foreach (var candidate in readings)
            {
                if (candidate.At == at && candidate.ConnectorId == sample.ConnectorId && candidate.TransactionId == sample.TransactionId
                    && string.Equals(candidate.ChargePointId, sample.ChargePointId, StringComparison.Ordinal))
                {
                    reading = candidate;
                    break;
                }
            }

            if (reading is null)
            {
                reading = new MeterReading(sample, at);
                readings.Add(reading);
            }

            if (!reading.Holds(sample.Measurand, sample.Phase ?? "", sample.Location ?? "", sample.Context))
            {
                reading._samples.Add(sample);
            }
        }

        return readings;
    }

    /// <summary>The samples column for a new row.</summary>
    public string ToJson() => Write(null, _samples);

    /// <summary>
    /// The stored samples column with this reading's values that it lacks appended, and how many were appended (0: the
    /// stored row already holds every one, as when a charger replays a MeterValues).
    /// </summary>
    public (string Json, int Added) MergeInto(string stored)
    {
        using var document = JsonDocument.Parse(stored);
        var missing = new List<MeterSample>(_samples.Count);
        foreach (var sample in _samples)
        {
            if (!Contains(document.RootElement, sample))
            {
                missing.Add(sample);
            }
        }

        return missing.Count == 0 ? (stored, 0) : (Write(document.RootElement, missing), missing.Count);
    }

    private bool Holds(string measurand, string phase, string location, string context)
    {
        foreach (var s in _samples)
        {
            if (string.Equals(s.Measurand, measurand, StringComparison.Ordinal) && string.Equals(s.Phase ?? "", phase, StringComparison.Ordinal)
                && string.Equals(s.Location ?? "", location, StringComparison.Ordinal) && string.Equals(s.Context, context, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(JsonElement stored, MeterSample sample)
    {
        foreach (var value in stored.EnumerateArray())
        {
            if (value[0].ValueEquals(sample.Measurand) && value[1].ValueEquals(sample.Phase ?? "")
                && value[2].ValueEquals(sample.Location ?? "") && value[3].ValueEquals(sample.Context))
            {
                return true;
            }
        }

        return false;
    }

    private static string Write(JsonElement? stored, List<MeterSample> samples)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (96 * samples.Count));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            if (stored is { } existing)
            {
                foreach (var value in existing.EnumerateArray())
                {
                    value.WriteTo(json);
                }
            }

            foreach (var s in samples)
            {
                json.WriteStartArray();
                json.WriteStringValue(s.Measurand);
                json.WriteStringValue(s.Phase ?? "");
                json.WriteStringValue(s.Location ?? "");
                json.WriteStringValue(s.Context);
                json.WriteNumberValue(s.Value);
                json.WriteStringValue(s.Unit);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
