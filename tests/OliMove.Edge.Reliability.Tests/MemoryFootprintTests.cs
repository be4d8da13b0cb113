using System.Text.Json.Nodes;
using OliMove.Storage;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 17, memory: the runtime and SQLite settings that keep <c>olimove-edge run</c> within an edge box's memory
/// (decisions 0294, 0295, 0384). The RSS figures at 1,000 chargers are the benchmark's, in docs/bench/ocpp.md.
/// </summary>
[Collection(ProcessWideSqliteSettings.Name)]
public class MemoryFootprintTests
{
    [Fact]
    public async Task The_service_runs_the_workstation_garbage_collector_concurrently()
    {
        // The runtime configuration written beside olimove-edge.dll is what `dotnet olimove-edge.dll` and the
        // published bundle run with: the Web SDK's default would be the server GC.
        var file = Path.Combine(AppContext.BaseDirectory, "olimove-edge.runtimeconfig.json");
        var properties = JsonNode.Parse(await File.ReadAllTextAsync(file))!["runtimeOptions"]!["configProperties"]!;

        properties["System.GC.Server"]!.GetValue<bool>().Should().BeFalse("one heap with small budgets fits a 2-core edge box (0294)");
        properties["System.GC.Concurrent"]!.GetValue<bool>().Should().BeTrue("gen2 collections run beside the OCPP traffic, not in long pauses");
    }

    [Fact]
    public async Task The_service_keeps_one_optimised_copy_of_the_code_it_jits()
    {
        // Decision 0384: no instrumented tier, and code without ReadyToRun images (ours, the NuGet packages') compiled
        // once at full optimisation instead of a quick copy first; 8-11 MiB of JIT'd code less at 1,000 chargers.
        var file = Path.Combine(AppContext.BaseDirectory, "olimove-edge.runtimeconfig.json");
        var properties = JsonNode.Parse(await File.ReadAllTextAsync(file))!["runtimeOptions"]!["configProperties"]!;

        properties["System.Runtime.TieredPGO"]!.GetValue<bool>().Should().BeFalse("an instrumented copy of every hot method is a third copy of its code");
        properties["System.Runtime.TieredCompilation.QuickJit"]!.GetValue<bool>().Should().BeFalse("methods without ReadyToRun code are compiled once, optimised");
        properties["System.Runtime.TieredCompilation"].Should().BeNull("the framework's ReadyToRun code still tiers up to optimised code when hot");
    }

    [Fact]
    public async Task The_database_limits_sqlite_memory_for_the_whole_process_and_refuses_a_limit_that_is_not_positive()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-memory-" + Guid.NewGuid().ToString("N"));
        try
        {
            new EdgeDatabaseSettings().SqliteSoftHeapLimitBytes.Should().Be(32L * 1024 * 1024);
            await using (await EdgeDatabase.OpenAsync(Path.Combine(directory, "edge.db"), new EdgeDatabaseSettings { SqliteSoftHeapLimitBytes = 24L * 1024 * 1024 }))
            {
                // sqlite3_soft_heap_limit64 with a negative argument reads the limit in force without changing it.
                SQLitePCL.raw.sqlite3_soft_heap_limit64(-1).Should().Be(24L * 1024 * 1024);
            }

            var refused = () => EdgeDatabase.OpenAsync(Path.Combine(directory, "other.db"), new EdgeDatabaseSettings { SqliteSoftHeapLimitBytes = 0 });
            await refused.Should().ThrowAsync<ArgumentOutOfRangeException>();
            File.Exists(Path.Combine(directory, "other.db")).Should().BeFalse("a refused setting creates nothing");
        }
        finally
        {
            SQLitePCL.raw.sqlite3_soft_heap_limit64(new EdgeDatabaseSettings().SqliteSoftHeapLimitBytes!.Value);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
