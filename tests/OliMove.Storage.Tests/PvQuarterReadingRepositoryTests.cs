namespace OliMove.Storage.Tests;

public sealed class PvQuarterReadingRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Q0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabaseFile _file = new();
    private EdgeDatabase _db = null!;

    public async Task InitializeAsync() => _db = await _file.OpenAsync();

    public async Task DisposeAsync() => await _file.DisposeAsync();

    [Fact]
    public async Task Stores_a_missing_quarter_as_missing_and_a_reopened_file_returns_it()
    {
        var repository = new PvQuarterReadingRepository(_db);
        await repository.SaveAsync(
            [new PvQuarterReading("pv", Q0, 5_000.5, 3, 3), new PvQuarterReading("pv", Q0.AddMinutes(15), null, 0, 180)],
            Q0.AddDays(-14));
        await _db.DisposeAsync();

        var reopened = new PvQuarterReadingRepository(await _file.OpenAsync());
        var stored = await reopened.ListFromAsync(Q0.AddDays(-1));

        stored.Should().Equal(new PvQuarterReading("pv", Q0, 5_000.5, 3, 3), new PvQuarterReading("pv", Q0.AddMinutes(15), null, 0, 180));
        stored[1].IsMissing.Should().BeTrue();
    }

    [Fact]
    public async Task A_quarter_saved_again_replaces_the_stored_one_and_old_quarters_are_pruned()
    {
        var repository = new PvQuarterReadingRepository(_db);
        await repository.SaveAsync([new PvQuarterReading("pv", Q0.AddDays(-15), 100, 1, 1), new PvQuarterReading("pv", Q0, 1_000, 1, 1)], Q0.AddDays(-20));

        await repository.SaveAsync([new PvQuarterReading("pv", Q0, 2_000, 4, 5)], Q0.AddDays(-14));

        (await repository.ListFromAsync(DateTimeOffset.UnixEpoch)).Should().Equal(new PvQuarterReading("pv", Q0, 2_000, 4, 5));
    }

    [Theory]
    [InlineData(7, 1_000.0, 1, 1)] // not on a quarter boundary
    [InlineData(0, null, 2, 2)] // samples without a mean
    [InlineData(0, 1_000.0, 0, 0)] // a mean without samples
    [InlineData(0, -5.0, 1, 1)] // negative power
    [InlineData(0, double.NaN, 1, 1)] // not a number
    [InlineData(0, 1_000.0, 3, 2)] // more samples than polls
    public async Task Rejects_an_invalid_quarter_and_writes_nothing_of_the_batch(int minute, double? mean, int samples, int polls)
    {
        var repository = new PvQuarterReadingRepository(_db);

        var act = () => repository.SaveAsync([new PvQuarterReading("pv", Q0.AddMinutes(30), 1_000, 1, 1), new PvQuarterReading("pv", Q0.AddMinutes(minute), mean, samples, polls)], Q0.AddDays(-14));

        await act.Should().ThrowAsync<ArgumentException>();
        (await repository.ListFromAsync(DateTimeOffset.UnixEpoch)).Should().BeEmpty();
    }
}
