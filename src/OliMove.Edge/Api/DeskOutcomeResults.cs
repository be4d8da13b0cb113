using System.Diagnostics;
using OliMove.Edge.Users.Outcomes;

namespace OliMove.Edge.Api;

/// <summary>
/// How a desk's answer becomes HTTP: the value through the endpoint's own success mapping, a failure always the
/// same way (400 invalid input, 404 not found, 409 conflict or a refused change with its offers in kWh, 401
/// rejected credentials), each with a JSON body whose "error" is the failure's sentence.
/// </summary>
public static class DeskOutcomeResults
{
    public static IResult ToResult<T>(this DeskOutcome<T> outcome, Func<T, IResult> success)
        where T : notnull =>
        outcome.TryGetValue(out var value, out var failure) ? success(value) : failure.ToResult();

    public static IResult ToResult(this DeskFailure failure) => failure switch
    {
        InvalidInput invalid => ApiErrors.BadRequest(invalid.Message),
        NotFound missing => ApiErrors.NotFound(missing.Message),
        Conflict conflict => ApiErrors.Conflict(conflict.Message),
        RefusedByAdmission refused => Results.Json(
            new
            {
                error = refused.Message,
                offerEnergyKWh = refused.OfferEnergyWh / 1000.0,
                offerDeparture = refused.OfferDeparture,
            },
            statusCode: StatusCodes.Status409Conflict),
        CredentialsRejected rejected => ApiErrors.Unauthorized(rejected.Message),
        _ => throw new UnreachableException($"no HTTP answer for {failure.GetType().Name}"),
    };
}
