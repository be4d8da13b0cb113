using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OliMove.Storage.CrashWriter;
using Xunit.Abstractions;

namespace OliMove.Storage.Tests;

/// <summary>
/// Group commit under kill -9 (decision 0225): 16 concurrent writers in a child process write group-committed units and
/// print "ACK n" when each unit's batch has committed; the process is killed mid-stream and every acknowledged unit must
/// be in the file when it is reopened.
/// </summary>
public sealed class GroupCommitCrashTests : IAsyncLifetime
{
    private const int Writers = 16;
    private readonly TempDatabaseFile _file = new();
    private readonly ITestOutputHelper _output;

    public GroupCommitCrashTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    [Fact]
    public async Task No_group_committed_unit_is_lost_when_the_writer_is_killed()
    {
        const int Run = 7;
        var acked = await RunAndKillAsync(Run, killAfterAcks: 400);

        acked.Count.Should().BeGreaterThanOrEqualTo(400);
        var stored = await StoredUnitsAsync(Run);
        _output.WriteLine($"killed after {acked.Count} acks; the file holds {stored.MeterValues.Count} units of this run");
        stored.MeterValues.Should().Contain(acked, "every acknowledged unit must survive the kill");
        stored.OutboxKeys.Should().BeEquivalentTo(stored.MeterValues.Select(u => CrashRun.OutboxKey(Run, u)),
            "a unit's meter value and outbox row commit together or not at all");
    }

    private async Task<HashSet<int>> RunAndKillAsync(int run, int killAfterAcks)
    {
        var writerDll = Path.Combine(AppContext.BaseDirectory, "OliMove.Storage.CrashWriter.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { writerDll, _file.Path, run.ToString(CultureInfo.InvariantCulture), "100000", Writers.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var acked = new HashSet<int>();
        var killed = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            // Read to the end, also after the kill: ACK lines still in the pipe were printed after their commit.
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    acked.Add(int.Parse(line.AsSpan(4), CultureInfo.InvariantCulture)).Should().BeTrue("each unit is acknowledged once");
                }

                if (!killed && acked.Count >= killAfterAcks)
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

        killed.Should().BeTrue($"the writer should have reached {killAfterAcks} acks; it printed {acked.Count}. stderr: {await stderr}");
        return acked;
    }

    private async Task<(List<int> MeterValues, List<string> OutboxKeys)> StoredUnitsAsync(int run)
    {
        // Opening runs recovery of the WAL exactly as the product does after a crash.
        await using (await EdgeDatabase.OpenAsync(_file.Path))
        {
        }

        await using var connection = new SqliteConnection($"Data Source={_file.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var units = new List<int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT CAST(value AS INTEGER) FROM meter_values WHERE charge_point_id = $cp;";
            command.Parameters.AddWithValue("$cp", CrashRun.ChargePointId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                units.Add(reader.GetInt32(0));
            }
        }

        var keys = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT key FROM chain_outbox WHERE key LIKE $prefix;";
            command.Parameters.AddWithValue("$prefix", $"crash:{run}:%");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        return (units, keys);
    }
}
