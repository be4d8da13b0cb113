namespace OliMove.Storage.Tests;

/// <summary>Base of tests that start from a fresh file with <see cref="TestSite.ChargePoints"/> registered.</summary>
public abstract class RegisteredSiteTests : IAsyncLifetime
{
    private readonly TempDatabaseFile _file = new();

    protected static DateTimeOffset T0 => TestSite.T0;

    protected EdgeDatabase Db { get; private set; } = null!;

    protected TempDatabaseFile File => _file;

    public async Task InitializeAsync() => Db = await TestSite.OpenRegisteredAsync(_file);

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();
}
