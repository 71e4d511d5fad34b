using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Claims.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ClaimLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssignedTo",
                table: "claims",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeaseExpiresAt",
                table: "claims",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AssignedTo",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "claims");
        }
    }
}
