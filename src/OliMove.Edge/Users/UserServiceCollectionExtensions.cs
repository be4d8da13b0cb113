using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>The users' services: accounts, card binding, the request desk, the reader of their sessions, request activation.</summary>
public static class UserServiceCollectionExtensions
{
    public static IServiceCollection AddUserAccounts(this IServiceCollection services)
    {
        services.AddSingleton<IdTagClaimRepository>();
        services.AddSingleton<Sessions.SettlementsAwaitingWallet>();
        services.AddSingleton<AccountWallet>();
        services.AddSingleton<CardBinding>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<ChargingRequestDesk>();
        services.AddSingleton<MySessionsReader>();
        services.AddHostedService<RequestActivation>();
        return services;
    }
}
