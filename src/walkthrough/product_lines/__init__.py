"""What a walk does and asks for each product line. Step definitions call these; the same
functions serve every channel through the channel driver."""
