using OliMove.Edge.Configuration;

namespace OliMove.Edge.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// The background retention (issue 17), unless <c>Retention.Enabled</c> is false. A relative archive folder (options
    /// not read through <see cref="EdgeOptionsLoader"/>, e.g. in tests) is taken beside the database file.
    /// </summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, EdgeOptions options)
    {
        if (!options.Retention.Enabled)
        {
            return services;
        }

        if (!Path.IsPathRooted(options.Retention.ArchiveDirectory))
        {
            options.Retention.ArchiveDirectory = Path.GetFullPath(options.Retention.ArchiveDirectory, Path.GetDirectoryName(Path.GetFullPath(options.Database))!);
        }

        services.AddSingleton(options.Retention);
        services.AddSingleton<RetentionPass>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
