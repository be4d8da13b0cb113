using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OliMove.Storage.CrashWriter;
using Xunit.Abstractions;

namespace OliMove.Storage.Tests;

/// <summary>
/// Issue 2 acceptance: the storage survives kill -9 during writes with no acknowledged row lost. A child
/// process writes units of work and prints "ACK n" after each commit; it is killed mid-stream, and every
/// acknowledged unit (meter value and its outbox row) must be in the file when it is reopened.
/// </summary>
public sealed class CrashDurabilityTests : IAsyncLifetime
{
    private readonly TempDatabaseFile _file = new();
    private readonly ITestOutputHelper _output;

    public CrashDurabilityTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    [Fact]
    public async Task No_acknowledged_unit_of_work_is_lost_when_the_writer_is_killed()
    {
        // Different kill points across runs, all on the same file, so later runs also recover after earlier kills.
        int[] killAfterAcks = [150, 320, 470];
        for (var run = 1; run <= killAfterAcks.Length; run++)
        {
            var acked = await RunAndKillAsync(run, killAfterAcks[run - 1]);

            acked.Should().BeGreaterThanOrEqualTo(killAfterAcks[run - 1]);
            var (meterValues, outboxRows) = await CountRunAsync(run, acked);
            _output.WriteLine($"run {run}: killed after {acked} acks; file holds {meterValues} meter values and {outboxRows} outbox rows of this run");
            meterValues.Should().BeGreaterThanOrEqualTo(acked, "every acknowledged meter value must survive");
            outboxRows.Should().BeGreaterThanOrEqualTo(acked, "every acknowledged outbox row must survive");
            // At most the one unit in flight at the kill may have committed without its ACK reaching us.
            meterValues.Should().BeLessThanOrEqualTo(acked + 1);
            outboxRows.Should().Be(meterValues, "a meter value and its outbox row are one unit of work");
        }

        await using var db = await EdgeDatabase.OpenAsync(_file.Path);
        await using var check = new SqliteConnection($"Data Source={_file.Path};Mode=ReadOnly;Pooling=False");
        await check.OpenAsync();
        await using var command = check.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        (await command.ExecuteScalarAsync()).Should().Be("ok");
    }

    /// <summary>Starts the writer, kills its process tree after <paramref name="killAfter"/> acks, returns the highest ack it printed.</summary>
    private async Task<int> RunAndKillAsync(int run, int killAfter)
    {
        var writerDll = Path.Combine(AppContext.BaseDirectory, "OliMove.Storage.CrashWriter.dll");
        File.Exists(writerDll).Should().BeTrue("the test project references the CrashWriter, so it is copied next to the tests");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { writerDll, _file.Path, run.ToString(CultureInfo.InvariantCulture), "100000" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lastAck = 0;
        var killed = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            // Read to the end, also after the kill: ACK lines still in the pipe were printed after their commit.
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    var n = int.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
                    n.Should().Be(lastAck + 1, "the writer acknowledges units in order");
                    lastAck = n;
                }

                if (!killed && lastAck >= killAfter)
                {
                    process.Kill(entireProcessTree: true);
                    killed = true;
                }
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        killed.Should().BeTrue($"the writer should have reached {killAfter} acks; it printed {lastAck}. stderr: {await stderr}");
        process.ExitCode.Should().NotBe(0, "it was killed, not finished");
        return lastAck;
    }

    private async Task<(long MeterValues, long OutboxRows)> CountRunAsync(int run, int acked)
    {
        await using var db = await EdgeDatabase.OpenAsync(_file.Path);
        var meterValues = new MeterValueRepository(db);
        var outbox = new ChainOutboxRepository(db);

        // Spot-check the content of the last acknowledged unit, not only the counts.
        var last = CrashRun.Sample(run, acked);
        var latest = await meterValues.GetLatestAsync(CrashRun.ChargePointId, 1, last.Measurand, null);
        latest!.Value.Should().BeGreaterThanOrEqualTo(acked);
        (await outbox.GetByKeysAsync([CrashRun.OutboxKey(run, acked)])).Should().ContainSingle();

        await using var connection = new SqliteConnection($"Data Source={_file.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT
                (SELECT COUNT(*) FROM meter_values WHERE sampled_at > $from AND sampled_at <= $to),
                (SELECT COUNT(*) FROM chain_outbox WHERE key LIKE $prefix),
                (SELECT COUNT(*) FROM meter_values WHERE sampled_at > $from AND sampled_at <= $ackedAt);
            """;
        command.Parameters.AddWithValue("$from", CrashRun.Sample(run, 0).Timestamp.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", CrashRun.Sample(run, 100_000).Timestamp.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$ackedAt", last.Timestamp.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$prefix", $"crash:{run}:%");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(2).Should().Be(acked, "units 1..n acknowledged must all be present, without gaps");
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
