namespace OliMove.Edge.Api;

/// <summary>Error answers with a JSON body, so clients never have to parse a framework's HTML or an empty 400.</summary>
public static class ApiErrors
{
    public static IResult BadRequest(string error) => Results.BadRequest(new ApiError(error));

    public static IResult NotFound(string error) => Results.NotFound(new ApiError(error));

    public static IResult Conflict(string error) => Results.Conflict(new ApiError(error));

    public static IResult Unauthorized(string error) => Results.Json(new ApiError(error), statusCode: StatusCodes.Status401Unauthorized);

    /// <summary>503: the charge point is not connected (or did not answer), so nothing was sent or done.</summary>
    public static IResult Unavailable(string error) => Results.Json(new ApiError(error), statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>507: the database has no room for the write (disk or Storage.MaxDatabaseMegabytes full); nothing was stored.</summary>
    public static IResult InsufficientStorage(string error) => Results.Json(new ApiError(error), statusCode: StatusCodes.Status507InsufficientStorage);

    public static IResult BadGateway(string error) => Results.Json(new ApiError(error), statusCode: StatusCodes.Status502BadGateway);
}
