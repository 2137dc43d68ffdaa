define((
),