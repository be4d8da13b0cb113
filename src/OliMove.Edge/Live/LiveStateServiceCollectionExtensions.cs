namespace OliMove.Edge.Live;

public static class LiveStateServiceCollectionExtensions
{
    /// <summary>The rebuild of live state from SQLite on start and the watch for silent chargers. Call before the
    /// slot loop is added: hosted services start in order, and the first plan must see the rebuilt state.</summary>
    public static IServiceCollection AddLiveStateRecovery(this IServiceCollection services)
    {
        services.AddSingleton<LiveStateRebuilder>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveStateRebuilder>());
        services.AddSingleton<SilentChargerWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<SilentChargerWatch>());
        return services;
    }
}
