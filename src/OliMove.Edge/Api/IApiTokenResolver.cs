namespace OliMove.Edge.Api;

/// <summary>Maps a bearer token to its caller, or null when it is unknown or expired.</summary>
public interface IApiTokenResolver
{
    Task<ApiCaller?> ResolveAsync(string token, CancellationToken cancellationToken);
}
