namespace OliMove.Storage.Tests;

public sealed class OtherLoadQuarterRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Q0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabaseFile _file = new();
    private EdgeDatabase _db = null!;

    public async Task InitializeAsync() => _db = await _file.OpenAsync();

    public async Task DisposeAsync() => await _file.DisposeAsync();

    [Fact]
    public async Task A_reopened_file_returns_the_stored_quarters_and_a_quarter_saved_again_replaces_the_stored_one()
    {
        var repository = new OtherLoadQuarterRepository(_db);
        await repository.SaveAsync([new("cabinet", Q0, 5_000, 7_000, 1_700, 2_400, 10), new("cabinet", Q0.AddMinutes(15), 4_000, 4_500, 1_400, 1_500, 900)]);
        await repository.SaveAsync([new("cabinet", Q0, 6_000, 9_000, 2_000, 3_000, 20)]);
        await _db.DisposeAsync();

        var reopened = new OtherLoadQuarterRepository(await _file.OpenAsync());
        var stored = await reopened.ListFromAsync(Q0.AddDays(-1));

        stored.Should().Equal(
            new OtherLoadQuarterReading("cabinet", Q0, 6_000, 9_000, 2_000, 3_000, 20),
            new OtherLoadQuarterReading("cabinet", Q0.AddMinutes(15), 4_000, 4_500, 1_400, 1_500, 900));
        (await reopened.ListFromAsync(Q0.AddMinutes(1))).Should().ContainSingle().Which.QuarterStart.Should().Be(Q0.AddMinutes(15));
    }

    [Fact]
    public async Task Retention_deletes_quarters_before_the_cutoff_in_batches_and_keeps_the_rest()
    {
        var repository = new OtherLoadQuarterRepository(_db);
        await repository.SaveAsync([.. Enumerable.Range(0, 5).Select(i => new OtherLoadQuarterReading("cabinet", Q0.AddDays(-i), 1_000, 1_000, 400, 400, 1))]);

        var deleted = await repository.DeleteOlderThanAsync(Q0.AddDays(-1), batchRows: 2);

        deleted.Rows.Should().Be(3);
        deleted.Batches.Should().Be(2);
        (await repository.ListFromAsync(DateTimeOffset.UnixEpoch)).Select(q => q.QuarterStart).Should().Equal(Q0.AddDays(-1), Q0);
    }

    [Theory]
    [InlineData(7, 1_000, 1_000, 300, 300, 1)] // not on a quarter boundary
    [InlineData(0, 1_000, 1_000, 300, 300, 0)] // no sample
    [InlineData(0, -1, 1_000, 300, 300, 1)] // negative mean
    [InlineData(0, 2_000, 1_000, 300, 300, 1)] // mean above the maximum
    [InlineData(0, 1_000, 1_000, 400, 300, 1)] // line mean above the line maximum
    public async Task Rejects_an_invalid_quarter_and_writes_nothing_of_the_batch(int minute, long mean, long max, long lineMean, long lineMax, int samples)
    {
        var repository = new OtherLoadQuarterRepository(_db);

        var act = () => repository.SaveAsync([new("cabinet", Q0.AddMinutes(30), 1_000, 1_000, 300, 300, 1), new("cabinet", Q0.AddMinutes(minute), mean, max, lineMean, lineMax, samples)]);

        await act.Should().ThrowAsync<ArgumentException>();
        (await repository.ListFromAsync(DateTimeOffset.UnixEpoch)).Should().BeEmpty();
    }
}
