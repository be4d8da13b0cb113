namespace OliMove.Edge.Dispatch;

public static class DispatchServiceCollectionExtensions
{
    /// <summary>Dispatch planning, the port it talks through and the OCPP profile mechanics behind it.</summary>
    public static IServiceCollection AddDispatch(this IServiceCollection services)
    {
        services.AddSingleton<InstalledProfiles>();
        services.AddSingleton<ProfileSender>();
        services.AddSingleton<CompositeScheduleCheck>();
        services.AddSingleton<CappedFailSafeShares>();
        services.AddSingleton<IChargerPowerLimits, OcppChargerPowerLimits>();
        services.AddSingleton<PlanDispatcher>();
        services.AddSingleton<FailSafeInstaller>();
        return services;
    }
}
