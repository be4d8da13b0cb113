namespace OliMove.Edge.Batteries;

public static class BatteryServiceCollectionExtensions
{
    /// <summary>
    /// Site batteries: live state, their place in the snapshot, setpoint dispatch and the poller. Poll, staleness,
    /// timeout and the write cadence are transport times: on an accelerated clock they scale by
    /// <paramref name="transportScale"/>, as the meters' do (the not-following hold stays in clock time: a slot).
    /// </summary>
    public static IServiceCollection AddBatteries(this IServiceCollection services, double transportScale = 1, BatteryOptions? options = null)
    {
        var o = options ?? new BatteryOptions();
        services.AddSingleton(o with
        {
            PollInterval = o.PollInterval * transportScale,
            StaleAfter = o.StaleAfter * transportScale,
            Timeout = o.Timeout * transportScale,
            RevertTimeout = o.RevertTimeout * transportScale,
            RewriteEvery = o.RewriteEvery * transportScale,
            FollowGrace = o.FollowGrace * transportScale,
        });
        services.AddSingleton<BatteryLiveState>();
        services.AddSingleton<BatteryDispatch>();
        services.AddHostedService<BatteryPollingService>();
        return services;
    }
}
