using OliMove.Edge.Configuration;

namespace OliMove.Edge.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>The background retention (issue 17), unless <c>Retention.Enabled</c> is false.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, EdgeOptions options)
    {
        if (!options.Retention.Enabled)
        {
            return services;
        }

        services.AddSingleton(options.Retention);
        services.AddSingleton<RetentionPass>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
