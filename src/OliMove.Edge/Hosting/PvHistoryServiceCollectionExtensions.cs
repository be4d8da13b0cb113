using OliMove.Storage;

namespace OliMove.Edge.Hosting;

public static class PvHistoryServiceCollectionExtensions
{
    /// <summary>
    /// The PV history's storage and recorder. Call before the slot loop is added: hosted services start in order,
    /// so the history is rebuilt from SQLite before the first plan.
    /// </summary>
    public static IServiceCollection AddPvHistory(this IServiceCollection services)
    {
        services.AddSingleton<PvQuarterReadingRepository>();
        services.AddSingleton<PvHistoryRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<PvHistoryRecorder>());
        return services;
    }
}
