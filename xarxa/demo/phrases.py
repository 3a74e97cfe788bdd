"""How demo members describe themselves, in Spanish, Portuguese, Catalan and English.

Positions come as (masculine, feminine) pairs because Spanish, Portuguese and Catalan job
titles agree with the person. `{area}` is filled from AREAS, `{org}` with the organisation's
short name, `{t1}` / `{t2}` with topic names in the member's language.
"""

# Departments a position belongs to.
AREAS = {
    "es": ["Innovación", "Contratación", "Transformación Digital", "Sistemas de Información", "Recursos Humanos",
           "Participación Ciudadana", "Transparencia", "Atención a la Ciudadanía", "Modernización Administrativa",
           "Calidad y Evaluación", "Planificación Estratégica", "Datos", "Gobierno Abierto", "Organización",
           "Administración Electrónica", "Presupuestos", "Formación", "Comunicación", "Medio Ambiente",
           "Servicios Sociales", "Urbanismo", "Movilidad", "Salud Pública", "Cooperación"],
    "pt": ["Inovação", "Compras e Contratos", "Transformação Digital", "Tecnologia da Informação", "Gestão de Pessoas",
           "Participação Social", "Transparência", "Atendimento ao Cidadão", "Modernização Administrativa",
           "Avaliação", "Planejamento Estratégico", "Dados", "Governo Aberto", "Governança", "Governo Digital",
           "Orçamento", "Capacitação", "Comunicação", "Meio Ambiente", "Assistência Social", "Urbanismo",
           "Mobilidade", "Saúde", "Cooperação Internacional"],
    "ca": ["Innovació", "Contractació", "Transformació Digital", "Sistemes d'Informació", "Recursos Humans",
           "Participació Ciutadana", "Transparència", "Atenció Ciutadana", "Modernització Administrativa",
           "Qualitat i Avaluació", "Planificació Estratègica", "Dades", "Govern Obert", "Organització",
           "Administració Electrònica", "Pressupostos", "Formació", "Comunicació", "Medi Ambient",
           "Serveis Socials", "Urbanisme", "Mobilitat", "Salut Pública", "Cooperació"],
    "en": ["Innovation", "Procurement", "Digital Transformation", "Information Systems", "Human Resources",
           "Citizen Engagement", "Transparency", "Public Services", "Public Sector Reform", "Evaluation",
           "Strategy", "Data", "Open Government", "Governance", "Digital Government", "Budget", "Learning",
           "Communications", "Environment", "Social Policy", "Urban Development", "Mobility", "Health",
           "Partnerships"],
}

POSITIONS = {
    "es": {
        "administration": [
            ("Jefe de Servicio de {area}", "Jefa de Servicio de {area}"),
            ("Jefe de Sección de {area}", "Jefa de Sección de {area}"),
            ("Técnico de {area}", "Técnica de {area}"),
            ("Técnico superior de {area}", "Técnica superior de {area}"),
            ("Subdirector general de {area}", "Subdirectora general de {area}"),
            ("Director de {area}", "Directora de {area}"),
            ("Coordinador de {area}", "Coordinadora de {area}"),
            ("Responsable de {area}", "Responsable de {area}"),
            ("Asesor de {area}", "Asesora de {area}"),
            ("Analista de {area}", "Analista de {area}"),
            ("Gestor de proyectos de {area}", "Gestora de proyectos de {area}"),
            ("Jefe de Área de {area}", "Jefa de Área de {area}"),
            ("Administrativo en {area}", "Administrativa en {area}"),
            ("Secretario general", "Secretaria general"),
            ("Interventor", "Interventora"),
        ],
        "university": [
            ("Profesor titular de Ciencia Política y de la Administración",
             "Profesora titular de Ciencia Política y de la Administración"),
            ("Catedrático de Derecho Administrativo", "Catedrática de Derecho Administrativo"),
            ("Investigador en gestión pública", "Investigadora en gestión pública"),
            ("Profesor asociado de Gestión Pública", "Profesora asociada de Gestión Pública"),
            ("Investigador predoctoral", "Investigadora predoctoral"),
            ("Director del máster en Gestión Pública", "Directora del máster en Gestión Pública"),
        ],
        "company": [
            ("Consultor de sector público", "Consultora de sector público"),
            ("Gerente de cuentas de Administración Pública", "Gerente de cuentas de Administración Pública"),
            ("Jefe de proyecto de {area}", "Jefa de proyecto de {area}"),
            ("Arquitecto de soluciones para el sector público", "Arquitecta de soluciones para el sector público"),
            ("Diseñador de servicios", "Diseñadora de servicios"),
        ],
        "nonprofit": [
            ("Coordinador de proyectos", "Coordinadora de proyectos"),
            ("Investigador de políticas públicas", "Investigadora de políticas públicas"),
            ("Responsable de incidencia", "Responsable de incidencia"),
            ("Director ejecutivo", "Directora ejecutiva"),
            ("Analista de datos", "Analista de datos"),
        ],
        "international": [
            ("Especialista sénior en modernización del Estado", "Especialista sénior en modernización del Estado"),
            ("Consultor en gobierno digital", "Consultora en gobierno digital"),
            ("Oficial de programas", "Oficial de programas"),
            ("Analista de políticas públicas", "Analista de políticas públicas"),
            ("Coordinador de cooperación técnica", "Coordinadora de cooperación técnica"),
        ],
        "none": [
            ("Consultor independiente en sector público", "Consultora independiente en sector público"),
            ("Funcionario en excedencia", "Funcionaria en excedencia"),
            ("Opositor al Cuerpo Superior de Administradores Civiles del Estado",
             "Opositora al Cuerpo Superior de Administradores Civiles del Estado"),
            ("Estudiante de máster en Gestión Pública", "Estudiante de máster en Gestión Pública"),
        ],
    },
    "pt": {
        "administration": [
            ("Coordenador-Geral de {area}", "Coordenadora-Geral de {area}"),
            ("Diretor de {area}", "Diretora de {area}"),
            ("Chefe de Divisão de {area}", "Chefe de Divisão de {area}"),
            ("Assessor de {area}", "Assessora de {area}"),
            ("Analista de {area}", "Analista de {area}"),
            ("Gerente de projetos de {area}", "Gerente de projetos de {area}"),
            ("Técnico Superior de {area}", "Técnica Superior de {area}"),
            ("Secretário Adjunto de {area}", "Secretária Adjunta de {area}"),
            ("Servidor público na área de {area}", "Servidora pública na área de {area}"),
        ],
        "university": [
            ("Professor de Administração Pública", "Professora de Administração Pública"),
            ("Pesquisador em políticas públicas", "Pesquisadora em políticas públicas"),
            ("Doutorando em Administração Pública", "Doutoranda em Administração Pública"),
            ("Coordenador do mestrado profissional em Gestão Pública",
             "Coordenadora do mestrado profissional em Gestão Pública"),
        ],
        "company": [
            ("Consultor para o setor público", "Consultora para o setor público"),
            ("Gerente de projetos de {area}", "Gerente de projetos de {area}"),
            ("Designer de serviços", "Designer de serviços"),
            ("Arquiteto de soluções", "Arquiteta de soluções"),
        ],
        "nonprofit": [
            ("Coordenador de projetos", "Coordenadora de projetos"),
            ("Pesquisador de políticas públicas", "Pesquisadora de políticas públicas"),
            ("Diretor executivo", "Diretora executiva"),
            ("Analista de dados", "Analista de dados"),
        ],
        "international": [
            ("Especialista em modernização do Estado", "Especialista em modernização do Estado"),
            ("Consultor em governo digital", "Consultora em governo digital"),
            ("Oficial de programas", "Oficial de programas"),
        ],
        "none": [
            ("Consultor independente em gestão pública", "Consultora independente em gestão pública"),
            ("Servidor público licenciado", "Servidora pública licenciada"),
            ("Estudante de mestrado em Administração Pública", "Estudante de mestrado em Administração Pública"),
        ],
    },
    "ca": {
        "administration": [
            ("Cap del Servei de {area}", "Cap del Servei de {area}"),
            ("Cap de Secció de {area}", "Cap de Secció de {area}"),
            ("Tècnic de {area}", "Tècnica de {area}"),
            ("Tècnic superior de {area}", "Tècnica superior de {area}"),
            ("Director de {area}", "Directora de {area}"),
            ("Coordinador de {area}", "Coordinadora de {area}"),
            ("Responsable de {area}", "Responsable de {area}"),
            ("Assessor de {area}", "Assessora de {area}"),
            ("Gestor de projectes de {area}", "Gestora de projectes de {area}"),
            ("Secretari general", "Secretària general"),
            ("Interventor", "Interventora"),
        ],
        "university": [
            ("Professor agregat de Ciència Política", "Professora agregada de Ciència Política"),
            ("Investigador en gestió pública", "Investigadora en gestió pública"),
            ("Professor associat de Dret Administratiu", "Professora associada de Dret Administratiu"),
            ("Director del màster en Gestió Pública", "Directora del màster en Gestió Pública"),
        ],
        "company": [
            ("Consultor de sector públic", "Consultora de sector públic"),
            ("Cap de projecte de {area}", "Cap de projecte de {area}"),
            ("Dissenyador de serveis", "Dissenyadora de serveis"),
        ],
        "nonprofit": [
            ("Coordinador de projectes", "Coordinadora de projectes"),
            ("Investigador de polítiques públiques", "Investigadora de polítiques públiques"),
            ("Director executiu", "Directora executiva"),
        ],
        "international": [
            ("Especialista en modernització de l'Estat", "Especialista en modernització de l'Estat"),
            ("Consultor en govern digital", "Consultora en govern digital"),
        ],
        "none": [
            ("Consultor independent en sector públic", "Consultora independent en sector públic"),
            ("Funcionari en excedència", "Funcionària en excedència"),
        ],
    },
    "en": {
        "administration": [
            ("Head of {area}", "Head of {area}"),
            ("Senior {area} Officer", "Senior {area} Officer"),
            ("{area} Lead", "{area} Lead"),
            ("Policy Advisor, {area}", "Policy Advisor, {area}"),
            ("Programme Manager, {area}", "Programme Manager, {area}"),
        ],
        "university": [
            ("Lecturer in Public Policy", "Lecturer in Public Policy"),
            ("Researcher in Public Administration", "Researcher in Public Administration"),
            ("Professor of Government", "Professor of Government"),
            ("PhD candidate in Public Policy", "PhD candidate in Public Policy"),
        ],
        "company": [
            ("Public Sector Consultant", "Public Sector Consultant"),
            ("Service Designer", "Service Designer"),
            ("{area} Project Manager", "{area} Project Manager"),
        ],
        "nonprofit": [
            ("Programme Director", "Programme Director"),
            ("Research Fellow", "Research Fellow"),
            ("Data Analyst", "Data Analyst"),
        ],
        "international": [
            ("Senior Public Sector Specialist", "Senior Public Sector Specialist"),
            ("Digital Government Advisor", "Digital Government Advisor"),
            ("Policy Analyst", "Policy Analyst"),
            ("Programme Officer, {area}", "Programme Officer, {area}"),
            ("Economist", "Economist"),
        ],
        "none": [
            ("Independent GovTech consultant", "Independent GovTech consultant"),
            ("Researcher in comparative public administration", "Researcher in comparative public administration"),
        ],
    },
}

# Careers of Brazil's federal civil service: only Brazilian members hold them.
BRAZILIAN_CAREERS = [
    ("Especialista em Políticas Públicas e Gestão Governamental",
     "Especialista em Políticas Públicas e Gestão Governamental"),
    ("Analista Técnico de Políticas Sociais", "Analista Técnica de Políticas Sociais"),
    ("Auditor Federal de Controle Externo", "Auditora Federal de Controle Externo"),
    ("Analista em Tecnologia da Informação", "Analista em Tecnologia da Informação"),
]

# One line under the name, LinkedIn style. Templates that name the organisation are used only
# when the member has one (separators instead of "en el / na / a l'", which depend on the name).
HEADLINES = {
    "es": {
        "with_org": ["{position} · {org}", "{position} | {org}", "{t1} y {t2_lower} · {org}"],
        "any": ["{t1} y {t2_lower} en el sector público", "{position} · {t1}", "{t1}, {t2_lower} y servicio público",
                "Servicio público, {t1_lower} y {t2_lower}",
                ("Funcionario de carrera · {t1}", "Funcionaria de carrera · {t1}")],
    },
    "pt": {
        "with_org": ["{position} · {org}", "{position} | {org}", "{t1} e {t2_lower} · {org}"],
        "any": ["{t1} e {t2_lower} no setor público", "{position} · {t1}", "Serviço público, {t1_lower} e inovação",
                ("Servidor público · {t1}", "Servidora pública · {t1}")],
    },
    "ca": {
        "with_org": ["{position} · {org}", "{position} | {org}", "{t1} i {t2_lower} · {org}"],
        "any": ["{t1} i {t2_lower} al sector públic", "{position} · {t1}", "Servei públic, {t1_lower} i innovació",
                ("Funcionari de carrera · {t1}", "Funcionària de carrera · {t1}")],
    },
    "en": {
        "with_org": ["{position} · {org}", "{position} | {org}", "{t1} and {t2_lower} · {org}"],
        "any": ["{t1} and {t2_lower} in government", "{position} · {t1}", "Public servant working on {t1_lower}"],
    },
}

# Short Markdown bios, worded so they fit anyone. {years}: years of experience; {t1}: the member's
# first topic; {i1}, {i2}: other interests.
BIOS = {
    "es": [
        "Llevo {years} años en el sector público, los últimos dedicados a **{t1_lower}**.\n\n"
        "Me interesa especialmente:\n\n- {i1}\n- {i2}\n\n"
        "Siempre con ganas de compartir buenas prácticas con colegas de toda Iberoamérica.",
        "{years} años en la función pública. Trabajo en proyectos de *{t1_lower}* y "
        "me preocupa que los servicios públicos sean **sencillos y útiles** para la gente.\n\n"
        "Hablemos de {i1_lower} o de {i2_lower}.",
        "{years} años entre expedientes, equipos y proyectos. Ahora, con el foco en **{t1_lower}**.\n\n"
        "> Lo público se mejora desde dentro, y en red.\n\n"
        "Temas que sigo: {i1_lower}, {i2_lower}.",
        "Curiosidad y servicio público. Mi trabajo diario: {t1_lower}. Mi obsesión: medir si lo que hacemos "
        "funciona.\n\nEscribo de vez en cuando sobre {i1_lower} y {i2_lower}.",
    ],
    "pt": [
        "Há {years} anos no serviço público, atualmente com foco em **{t1_lower}**.\n\n"
        "Interesses:\n\n- {i1}\n- {i2}\n\nSempre com vontade de trocar experiências com colegas da Ibero-América.",
        "Na carreira pública há {years} anos. Trabalho com *{t1_lower}* e acredito em serviços públicos "
        "**simples e centrados no cidadão**.\n\nVamos conversar sobre {i1_lower} ou {i2_lower}.",
        "{years} anos entre projetos, equipes e processos. Foco atual: **{t1_lower}**.\n\n"
        "> O setor público melhora por dentro, e em rede.\n\nTambém acompanho {i1_lower} e {i2_lower}.",
    ],
    "ca": [
        "Fa {years} anys que treballo al sector públic, els darrers dedicats a **{t1_lower}**.\n\n"
        "M'interessa especialment:\n\n- {i1}\n- {i2}\n\nSempre amb ganes de compartir bones pràctiques.",
        "A la funció pública des de fa {years} anys. Treballo en projectes de *{t1_lower}* i vull serveis públics "
        "**senzills i útils**.\n\nParlem de {i1_lower} o de {i2_lower}.",
        "{years} anys entre expedients, equips i projectes. Ara, **{t1_lower}**.\n\n"
        "> El que és públic es millora des de dins, i en xarxa.\n\nTemes que segueixo: {i1_lower}, {i2_lower}.",
    ],
    "en": [
        "{years} years working with governments across Latin America and Europe, lately on **{t1_lower}**.\n\n"
        "Also interested in:\n\n- {i1}\n- {i2}\n\nHappy to connect with public servants across the region.",
        "Researcher and practitioner. I study *{t1_lower}* and how public institutions change.\n\n"
        "Ask me about {i1_lower} or {i2_lower}.",
    ],
}
