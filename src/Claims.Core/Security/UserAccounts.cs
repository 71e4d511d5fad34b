using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Claims.Security;

/// <summary>
/// An admin's acts on other people's accounts: create (with a one-time password that must be changed), change the
/// role, lock and unlock, reset a forgotten password, reset a lost authenticator. Identity's UserManager saves as it
/// goes, so each act runs in one explicit transaction with its audit entry: it all commits, or nothing does. Every
/// change that should end the person's sessions changes their security stamp, which is checked on every request.
/// </summary>
public sealed class UserAccounts(ClaimsDbContext db, UserManager<ClaimsUser> users)
{
    public async Task<IssuedPassword> CreateAsync(string email, string displayName, string role, Guid? clinicId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var clinic = await CheckRoleAndClinicAsync(role, clinicId, cancellationToken);
        var address = email.Trim();
        var user = new ClaimsUser { UserName = address, Email = address, EmailConfirmed = true, DisplayName = displayName.Trim(), ClinicId = clinic, MustChangePassword = true };
        var password = Passwords.NewInitial();
        return await InTransactionAsync(async () =>
        {
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, role));
            db.Audit(Record(caller, AuditAction.Create, user.Id, $"user created, role {role}" + (clinic is { } c ? $", clinic {c}" : "")));
            return new IssuedPassword(user, password);
        }, cancellationToken);
    }

    public async Task<ClaimsUser> ChangeRoleAsync(string userId, string role, Guid? clinicId, Caller caller, CancellationToken cancellationToken = default)
    {
        var user = await TargetAsync(userId, caller);
        var clinic = await CheckRoleAndClinicAsync(role, clinicId, cancellationToken);
        return await InTransactionAsync(async () =>
        {
            var current = await users.GetRolesAsync(user);
            Check(await users.RemoveFromRolesAsync(user, current));
            Check(await users.AddToRoleAsync(user, role));
            user.ClinicId = clinic;
            Check(await users.UpdateAsync(user));
            // A new role must not ride on an old session's role claims.
            Check(await users.UpdateSecurityStampAsync(user));
            db.Audit(Record(caller, AuditAction.Update, user.Id, $"role {string.Join("+", current)} -> {role}" + (clinic is { } c ? $", clinic {c}" : "")));
            return user;
        }, cancellationToken);
    }

    public async Task<ClaimsUser> LockAsync(string userId, Caller caller, CancellationToken cancellationToken = default)
    {
        var user = await TargetAsync(userId, caller);
        return await InTransactionAsync(async () =>
        {
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            // Ends the user's open sessions at once: the stamp is checked on every request.
            Check(await users.UpdateSecurityStampAsync(user));
            db.Audit(Record(caller, AuditAction.Update, user.Id, "account locked"));
            return user;
        }, cancellationToken);
    }

    public async Task<ClaimsUser> UnlockAsync(string userId, Caller caller, CancellationToken cancellationToken = default)
    {
        var user = await TargetAsync(userId, caller);
        return await InTransactionAsync(async () =>
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            db.Audit(Record(caller, AuditAction.Update, user.Id, "account unlocked"));
            return user;
        }, cancellationToken);
    }

    /// <summary>A forgotten password: a one-time password that must be changed at the next sign-in; the lockout is lifted.</summary>
    public async Task<IssuedPassword> ResetPasswordAsync(string userId, Caller caller, CancellationToken cancellationToken = default)
    {
        var user = await TargetAsync(userId, caller);
        var password = Passwords.NewInitial();
        return await InTransactionAsync(async () =>
        {
            Check(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password));
            user.MustChangePassword = true;
            Check(await users.UpdateAsync(user));
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            db.Audit(Record(caller, AuditAction.Update, user.Id, "password reset by admin: one-time password issued, change required"));
            return new IssuedPassword(user, password);
        }, cancellationToken);
    }

    /// <summary>A lost authenticator: the key and the recovery codes become void; enrolment starts again.</summary>
    public async Task<ClaimsUser> ResetTwoFactorAsync(string userId, Caller caller, CancellationToken cancellationToken = default)
    {
        var user = await TargetAsync(userId, caller);
        return await InTransactionAsync(async () =>
        {
            Check(await users.SetTwoFactorEnabledAsync(user, false));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
            db.Audit(Record(caller, AuditAction.Update, user.Id, "two-factor reset by admin: authenticator key and recovery codes void"));
            return user;
        }, cancellationToken);
    }

    /// <summary>Another person's account; an admin's own account is changed elsewhere (Two-factor, Password), never here.</summary>
    private async Task<ClaimsUser> TargetAsync(string userId, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException($"User {userId} was not found.");
        if (string.Equals(user.UserName, caller.Actor.Id, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainValidationException("You cannot change your own account here; ask another admin (your own authenticator is under Two-factor).");
        }
        return user;
    }

    private async Task<Guid?> CheckRoleAndClinicAsync(string role, Guid? clinicId, CancellationToken ct)
    {
        if (!Roles.All.Contains(role)) throw new DomainValidationException("Choose one of the roles.");
        if (role != Roles.Clinic) return null;
        if (clinicId is not { } id || !await db.Clinics.AnyAsync(c => c.Id == id, ct)) throw new DomainValidationException("A clinic user needs a clinic.");
        return id;
    }

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> act, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await act();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new DomainValidationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static AuditRecord Record(Caller caller, AuditAction action, string userId, string details) =>
        AuditRecords.For(caller, action, "User", userId, null, details, AuditRecords.Operations);
}
