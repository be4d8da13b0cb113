using OliMove.Edge.Configuration;
using OliMove.Storage;

namespace OliMove.Edge.Api;

/// <summary>Operator and viewer tokens come from the configuration; EV users' tokens from sign-in, stored hashed.</summary>
public sealed class ApiTokenResolver(EdgeOptions options, ApiTokenRepository tokens, TimeProvider time) : IApiTokenResolver
{
    public async Task<ApiCaller?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        foreach (var configured in options.Api.Tokens)
        {
            if (ApiTokenHash.Matches(token, configured.Sha256))
            {
                return new ApiCaller(configured.Name, configured.Role == "operator" ? ApiRole.Operator : ApiRole.Viewer, null);
            }
        }

        var stored = await tokens.FindValidAsync(token, time.GetUtcNow(), cancellationToken);
        return stored switch
        {
            null => null,
            { Role: ApiTokenRole.User, UserId: { } userId } => new ApiCaller(stored.Label, ApiRole.User, userId),
            { Role: ApiTokenRole.Operator } => new ApiCaller(stored.Label, ApiRole.Operator, null),
            { Role: ApiTokenRole.Viewer } => new ApiCaller(stored.Label, ApiRole.Viewer, null),
            _ => null,
        };
    }
}
