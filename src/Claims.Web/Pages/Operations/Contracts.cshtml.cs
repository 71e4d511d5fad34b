using Claims.Operations.Contracts;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Operations;

/// <summary>Every client's contract: SLA targets, business calendar and fee model; admins edit on ContractEdit.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Manager},{Roles.Lead}")]
public sealed class ContractsModel(ClientContracts contracts) : PageModel
{
    public IReadOnlyList<ClientContractView> Contracts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Contracts = await contracts.ListAsync(ct);
}
