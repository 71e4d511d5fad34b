using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Claims.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WorkQueueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_claims_ClinicId_State",
                table: "claims");

            migrationBuilder.DropIndex(
                name: "IX_claims_PayerId",
                table: "claims");

            migrationBuilder.DropIndex(
                name: "IX_claims_State_ServiceFrom",
                table: "claims");

            migrationBuilder.CreateIndex(
                name: "IX_claims_ClinicId_State_ServiceFrom_Id",
                table: "claims",
                columns: new[] { "ClinicId", "State", "ServiceFrom", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_PayerId_State_ServiceFrom_Id",
                table: "claims",
                columns: new[] { "PayerId", "State", "ServiceFrom", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_State_ServiceFrom_Id",
                table: "claims",
                columns: new[] { "State", "ServiceFrom", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_claims_ClinicId_State_ServiceFrom_Id",
                table: "claims");

            migrationBuilder.DropIndex(
                name: "IX_claims_PayerId_State_ServiceFrom_Id",
                table: "claims");

            migrationBuilder.DropIndex(
                name: "IX_claims_State_ServiceFrom_Id",
                table: "claims");

            migrationBuilder.CreateIndex(
                name: "IX_claims_ClinicId_State",
                table: "claims",
                columns: new[] { "ClinicId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_PayerId",
                table: "claims",
                column: "PayerId");

            migrationBuilder.CreateIndex(
                name: "IX_claims_State_ServiceFrom",
                table: "claims",
                columns: new[] { "State", "ServiceFrom" });
        }
    }
}
