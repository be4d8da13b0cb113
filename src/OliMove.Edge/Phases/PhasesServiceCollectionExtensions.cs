namespace OliMove.Edge.Phases;

public static class PhasesServiceCollectionExtensions
{
    /// <summary>1-phase cars seen in their currents and the phase mode of switchable chargers (decisions 0324, 0326).</summary>
    public static IServiceCollection AddConnectorPhases(this IServiceCollection services)
    {
        services.AddSingleton<ConnectorPhases>();
        services.AddHostedService<OnePhaseCarWatch>();
        return services;
    }
}
