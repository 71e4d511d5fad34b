using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Claims.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class QueueCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_claims_State_ServiceFrom_Id",
                table: "claims");

            migrationBuilder.CreateIndex(
                name: "IX_claims_AssignedTo_State_ServiceFrom_Id",
                table: "claims",
                columns: new[] { "AssignedTo", "State", "ServiceFrom", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_State_ServiceFrom_Id_PayerId_AssignedTo_LeaseExpires~",
                table: "claims",
                columns: new[] { "State", "ServiceFrom", "Id", "PayerId", "AssignedTo", "LeaseExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_claims_AssignedTo_State_ServiceFrom_Id",
                table: "claims");

            migrationBuilder.DropIndex(
                name: "IX_claims_State_ServiceFrom_Id_PayerId_AssignedTo_LeaseExpires~",
                table: "claims");

            migrationBuilder.CreateIndex(
                name: "IX_claims_State_ServiceFrom_Id",
                table: "claims",
                columns: new[] { "State", "ServiceFrom", "Id" });
        }
    }
}
